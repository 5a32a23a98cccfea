package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/microrisk/microrisk/risk"
	"github.com/microrisk/microrisk/store"
)

func init() {
	register(command{name: "plan", summary: "work reminders and the inspection tour plan for a run", run: runPlan})
}

func runPlan(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "plan")
	c := addCommon(fs)
	runID := fs.String("run", "", "run `id` (default: the latest run)")
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
	p, err := risk.MakePlan(ctx, db, id, cfg)
	if err != nil {
		return err
	}
	printPlan(e, p)
	return nil
}

func printPlan(e *env, p *risk.Plan) {
	w := e.stdout
	fmt.Fprintf(w, "plan for run %s (as of %s)\n", p.RunID, p.AsOf.Format("2006-01-02"))
	fmt.Fprintf(w, "\nwork reminders: %d\n", len(p.Reminders))
	for _, t := range p.Reminders {
		fmt.Fprintf(w, "%3d  %-16s %s\n     %s\n", t.Seq, t.UnitID, t.Name, t.ReasonEn)
	}
	fmt.Fprintf(w, "\ntour plan: %d units; team homes %s\n", len(p.Tours), strings.Join(p.Homes, ", "))
	fmt.Fprintf(w, "  %d due under the coverage cycle (%d left out for lack of room), %d toured recently and left out\n",
		p.Due, len(p.DueLeftOut), p.Excluded)
	if !p.RecordsSpanCycle {
		fmt.Fprintln(w, "  tour records do not cover a full cycle: units with no tour on record are not treated as due")
	}
	for _, t := range p.Tours {
		forced := ""
		if t.Forced {
			forced = " due"
		}
		first, _, _ := strings.Cut(t.ReasonEn, "\n")
		fmt.Fprintf(w, "  round %d team %2d  %-16s %-10s rank %4d%s  %s\n", t.Round, t.Team, t.UnitID, t.District, t.Rank, forced, first)
	}
	if len(p.DueLeftOut) > 0 {
		fmt.Fprintf(w, "\ndue but not placed: %s\n", strings.Join(p.DueLeftOut, ", "))
	}
}
