package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/microrisk/microrisk/risk"
)

func init() {
	register(command{name: "backtest", summary: "score as of a past date and measure how well it foretold what followed", run: runBacktest})
}

// runBacktest is `microrisk backtest --as-of DATE [--horizon 12m] [--config F] [--capacity K] [--seed N] [--json]`.
func runBacktest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "backtest")
	c := addCommon(fs)
	asOf := fs.String("as-of", "", "score as of this date, YYYY-MM-DD (required)")
	horizon := fs.String("horizon", "12m", "how long after the as-of date outcomes count: N months (12m) or years (1y)")
	cfgPath := fs.String("config", "", "risk configuration `file` (TOML)")
	capacity := fs.Int("capacity", 0, "units a plan can visit (k); default a year of the configured tours: the teams' units per round × rounds")
	seed := fs.Uint64("seed", 1, "seed of the random plan drawn for comparison")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("backtest: unexpected argument %q", fs.Arg(0))}
	}
	day, err := time.Parse("2006-01-02", *asOf)
	if err != nil {
		return usageError{fmt.Errorf("backtest: --as-of %q: want YYYY-MM-DD", *asOf)}
	}
	months, err := parseHorizon(*horizon)
	if err != nil {
		return usageError{err}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	cfg, err := risk.LoadConfig(*cfgPath)
	if err != nil {
		return err
	}
	db, err := c.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	bt, err := risk.RunBacktest(ctx, db, risk.BacktestOptions{AsOf: day, HorizonMonths: months, Config: cfg,
		Capacity: *capacity, Now: time.Now, Seed: *seed})
	if err != nil {
		return err
	}
	if *asJSON {
		return printBacktestJSON(e, bt)
	}
	printBacktest(e, bt)
	return nil
}

// parseHorizon reads "12m", "18m", "1y" or a plain number of months.
func parseHorizon(s string) (int, error) {
	unit := 1
	switch {
	case strings.HasSuffix(s, "m"):
		s = strings.TrimSuffix(s, "m")
	case strings.HasSuffix(s, "y"):
		s, unit = strings.TrimSuffix(s, "y"), 12
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > 120 {
		return 0, fmt.Errorf("backtest: --horizon %q: want months (12m) or years (1y), at most 10 years", s)
	}
	return n * unit, nil
}

func printBacktest(e *env, bt *risk.Backtest) {
	w := e.stdout
	fmt.Fprintf(w, "backtest %s: scored as of %s, outcomes to %s", bt.ID, bt.AsOf.Format("2006-01-02"), bt.HorizonEnd.Format("2006-01-02"))
	if bt.Truncated {
		fmt.Fprintf(w, " (the data end there, before the %d-month horizon)", bt.HorizonMonths)
	}
	fmt.Fprintf(w, "\n%d units, %d with an outcome (%d cases filed, %d leads that led to a case, %d tours or visits with findings)\n",
		bt.Units, bt.Positives, bt.Outcomes.Cases, bt.Outcomes.ConfirmedLeads, bt.Outcomes.Findings)
	fmt.Fprintf(w, "AUC %.3f (naive count of indicators above their P95: %.3f)\n", bt.AUC, bt.BaselineAUC)
	fmt.Fprintf(w, "plan of %d units: %d with an outcome when chosen by score (precision %.2f), %d by rotation (longest untoured first), %.1f expected at random (%d in one seeded draw)\n",
		bt.K, bt.Yield, bt.PrecisionAtK, bt.RotationYield, bt.RandomYield, bt.RandomDrawYield)
	if bt.RotationYield > 0 {
		fmt.Fprintf(w, "yield over rotation %.2f×, over random %.2f×\n", float64(bt.Yield)/float64(bt.RotationYield), float64(bt.Yield)/bt.RandomYield)
	}
	fmt.Fprintln(w, "calibration by band:")
	for _, b := range bt.Bands {
		fmt.Fprintf(w, "  %-9s %5d units, %5d with an outcome (%.1f%%)\n", b.Band, b.Units, b.Positives, 100*b.Rate)
	}
	fmt.Fprintln(w, "AUC of each indicator (0.5 = no better than chance; abstentions count as 0):")
	for _, x := range bt.Indicators {
		fmt.Fprintf(w, "  %-26s %s\n", x.ID, fmtAUC(x.AUC))
	}
	fmt.Fprintln(w, "AUC of each family's score:")
	for _, x := range bt.Families {
		fmt.Fprintf(w, "  %-26s %s\n", x.ID, fmtAUC(x.AUC))
	}
}

func fmtAUC(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.3f", x)
}

func printBacktestJSON(e *env, bt *risk.Backtest) error {
	num := func(x float64) any {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	}
	aucs := func(xs []risk.IndicatorAUC) map[string]any {
		m := map[string]any{}
		for _, x := range xs {
			m[x.ID] = num(x.AUC)
		}
		return m
	}
	out := map[string]any{
		"id": bt.ID, "as_of": bt.AsOf.Format("2006-01-02"), "horizon_end": bt.HorizonEnd.Format("2006-01-02"),
		"truncated": bt.Truncated, "units": bt.Units, "positives": bt.Positives, "auc": num(bt.AUC),
		"baseline_auc": num(bt.BaselineAUC), "k": bt.K, "yield": bt.Yield, "rotation_yield": bt.RotationYield,
		"random_yield": bt.RandomYield, "precision_at_k": num(bt.PrecisionAtK), "outcomes": bt.Outcomes,
		"indicators": aucs(bt.Indicators), "families": aucs(bt.Families), "bands": bt.Bands,
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
