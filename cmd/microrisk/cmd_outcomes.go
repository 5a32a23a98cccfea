package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/microrisk/microrisk/risk"
	"github.com/microrisk/microrisk/store"
)

func init() {
	register(command{name: "outcomes", summary: "what the dispositions teach: each rule's live precision, rules to retire, targeted against random tours, re-fitted weights", run: runOutcomes})
}

func runOutcomes(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "outcomes")
	c := addCommon(fs)
	runID := fs.String("run", "", "run `id` whose as-of date bounds the dispositions read (default: the latest run)")
	cfgPath := fs.String("config", "", "risk configuration `file` (TOML)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{riskExtraArgs(fs.Args())}
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
	id, err := store.ResolveRun(ctx, db, *runID)
	if err != nil {
		return err
	}
	var asOf time.Time
	if err := db.QueryRowContext(ctx, `SELECT as_of FROM runs WHERE run_id = ?`, id).Scan(&asOf); err != nil {
		return fmt.Errorf("run %s: %w", id, err)
	}
	s, outs, err := risk.SummariseOutcomes(ctx, db, asOf, cfg.Outcomes)
	if err != nil {
		return err
	}
	printOutcomes(e.stdout, s, risk.FitWeights(outs, cfg), cfg)
	return nil
}

func pct(p float64) string {
	if math.IsNaN(p) {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100*p)
}

func printOutcomes(w io.Writer, s risk.OutcomeSummary, fit risk.Refit, cfg risk.Config) {
	fmt.Fprintf(w, "dispositions decided by %s: %d judged (each target, flag or unit once), %d checked, %d with no run before them\n",
		s.AsOf.Format(time.DateOnly), s.Total, s.Checked, s.Unattributed)
	fmt.Fprintf(w, "found (confirmed or partly): %d of %d checked (%s, 95%% %s–%s); %.0f yuan recovered, %d persons disciplined\n",
		s.Base.K, s.Base.N, pct(s.Base.P), pct(s.Base.Lo), pct(s.Base.Hi), s.Money, s.Persons)
	fmt.Fprintln(w, "\ntours chosen by the targeting against tours drawn by the lottery:")
	for _, y := range []struct {
		name string
		y    risk.Yield
	}{{"targeted", s.Targeted}, {"random", s.Random}} {
		fmt.Fprintf(w, "  %-9s %4d outcomes, found %d of %d checked (%s, 95%% %s–%s), %.0f yuan, %d persons\n", y.name,
			y.y.Outcomes, y.y.Hits.K, y.y.Hits.N, pct(y.y.Hits.P), pct(y.y.Hits.Lo), pct(y.y.Hits.Hi), y.y.Money, y.y.Persons)
	}
	fmt.Fprintf(w, "\neach rule's live precision (checked outcomes of units it pointed at or of its flags; retire: at least %d outcomes and the upper 95%% bound below %.1f× the %s found overall):\n",
		cfg.Outcomes.MinOutcomes, cfg.Outcomes.MinLift, pct(s.Base.P))
	fmt.Fprintf(w, "  %-26s %8s %10s %14s %6s %12s  %s\n", "rule", "outcomes", "precision", "95% interval", "lift", "yuan", "")
	for _, r := range s.Rules {
		mark := ""
		if r.Retire {
			mark = "RETIRE?"
		}
		lift := "—"
		if !math.IsNaN(r.Lift) {
			lift = fmt.Sprintf("%.2f", r.Lift)
		}
		fmt.Fprintf(w, "  %-26s %8d %10s %14s %6s %12.0f  %s\n", r.Rule, r.Precision.N, pct(r.Precision.P),
			pct(r.Precision.Lo)+"–"+pct(r.Precision.Hi), lift, r.Money, mark)
	}
	fmt.Fprintln(w, "\nweights re-fitted on the outcomes (logistic regression, ridge penalty; used only with outcomes.refit = true):")
	if fit.Weights == nil {
		fmt.Fprintf(w, "  no fit: %s\n", fit.Reason)
		return
	}
	fmt.Fprintf(w, "  %d outcomes, %d found; held-out AUC (%d folds) %.3f, the configured weights' AUC %.3f\n",
		fit.N, fit.Hits, risk.RefitFolds, fit.AUC, fit.DefaultAUC)
	fmt.Fprintf(w, "  %-26s %8s %8s %11s\n", "indicator", "default", "refit", "coefficient")
	for _, id := range risk.IndicatorIDs() {
		fmt.Fprintf(w, "  %-26s %8.2f %8.2f %11.3f\n", id, cfg.Weight(id), fit.Weights[id], fit.Coef[id])
	}
}

// refitWeights replaces the configuration's weights by those re-fitted on
// the outcomes decided by asOf when outcomes.refit is set (the run stores
// them, so that it can be reproduced); otherwise it returns cfg as it is.
func refitWeights(ctx context.Context, e *env, db *sql.DB, asOf time.Time, cfg risk.Config) (risk.Config, error) {
	if !cfg.Outcomes.Refit {
		return cfg, nil
	}
	w, fit, err := risk.RefitWeights(ctx, db, asOf, cfg)
	if err != nil {
		return cfg, err
	}
	cfg.Weights = w
	fmt.Fprintf(e.stdout, "weights re-fitted on %d outcomes (held-out AUC %.3f; the configured weights' %.3f): outcomes.refit is set\n",
		fit.N, fit.AUC, fit.DefaultAUC)
	return cfg, nil
}
