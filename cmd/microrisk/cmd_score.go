package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/microrisk/microrisk/risk"
	"github.com/microrisk/microrisk/store"
)

func init() {
	register(command{name: "score", summary: "compute indicators and scores as of a date; prints the run id", run: runScore})
}

func runScore(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "score")
	c := addCommon(fs)
	asOf := fs.String("as-of", "", "score as of this date, YYYY-MM-DD (default: the latest case date)")
	cfgPath := fs.String("config", "", "risk configuration `file` (TOML)")
	top := fs.Int("top", 10, "how many of the riskiest units to list")
	allowStale := fs.Bool("allow-stale", false, "score as of a date past the month of the latest data")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{riskExtraArgs(fs.Args())}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	var day time.Time
	if *asOf != "" {
		d, err := time.Parse("2006-01-02", *asOf)
		if err != nil {
			return usageError{fmt.Errorf("--as-of %q: want YYYY-MM-DD", *asOf)}
		}
		day = d
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
	if !day.IsZero() && !*allowStale {
		if err := checkFresh(ctx, db, day); err != nil {
			return err
		}
	}
	if day.IsZero() {
		d, ok, err := risk.LatestCaseDate(ctx, db)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("no cases in the database to take the as-of date from: give --as-of")
		}
		day = d
	}
	if cfg, err = refitWeights(ctx, e, db, day, cfg); err != nil {
		return err
	}
	start := time.Now()
	run, err := risk.Score(ctx, db, risk.Options{AsOf: day, Config: cfg, Now: time.Now})
	if err != nil {
		return err
	}
	for _, st := range run.Seconds {
		e.logger.Info("step", "step", st.Step, "seconds", st.Seconds)
	}
	e.logger.Info("scored", "run", run.ID, "as_of", run.AsOf.Format("2006-01-02"), "units", len(run.Units),
		"seconds", time.Since(start).Seconds())
	printRun(e, run, *top)
	return nil
}

// printRun writes the run id and a short summary.
func printRun(e *env, run *risk.Run, top int) {
	bands := run.Bands()
	fmt.Fprintf(e.stdout, "run %s\n", run.ID)
	fmt.Fprintf(e.stdout, "as of %s: %d units scored — %d high, %d elevated, %d normal\n",
		run.AsOf.Format("2006-01-02"), len(run.Units), bands[risk.BandHigh], bands[risk.BandElevated], bands[risk.BandNormal])
	abstained := make([]int, len(risk.Catalogue))
	for _, u := range run.Units {
		for k, v := range u.Values {
			if v.Abstains() {
				abstained[k]++
			}
		}
	}
	var ab []string
	for k, ind := range risk.Catalogue {
		if abstained[k] > 0 {
			ab = append(ab, fmt.Sprintf("%s %d", ind.ID, abstained[k]))
		}
	}
	if len(ab) > 0 {
		fmt.Fprintf(e.stdout, "abstentions: %s\n", strings.Join(ab, ", "))
	}
	for i, u := range run.ByRank() {
		if i >= top {
			break
		}
		fmt.Fprintf(e.stdout, "%3d  %-16s %5.1f  %-8s %s\n", u.Rank, u.UnitID, u.Score, u.Band, strings.Join(u.ReasonsEn, "; "))
	}
}

// checkFresh refuses an as-of date past the month of the latest data:
// every window ending there would be empty or nearly, and the units would
// be ranked on whatever old records remain.
func checkFresh(ctx context.Context, db *sql.DB, asOf time.Time) error {
	ends, err := store.DataEnds(ctx, db)
	if err != nil || len(ends) == 0 {
		return err
	}
	last := ends[0].Last
	monthEnd := time.Date(last.Year(), last.Month()+1, 0, 0, 0, 0, 0, time.UTC)
	if !asOf.After(monthEnd) {
		return nil
	}
	var each []string
	for _, e := range ends {
		each = append(each, fmt.Sprintf("%s %s", e.Ledger, e.Last.Format("2006-01-02")))
	}
	return fmt.Errorf("--as-of %s is past the latest data (%s): the indicators' windows would hold no records; give an earlier date, or --allow-stale",
		asOf.Format("2006-01-02"), strings.Join(each, ", "))
}
