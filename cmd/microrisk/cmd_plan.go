package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

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
	brief := fs.Bool("brief", false, "print the summary without the list of tours")
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
	p, err := risk.MakePlanWith(ctx, db, id, risk.PlanOptions{Config: cfg, Clock: time.Now})
	if err != nil {
		return err
	}
	printPlan(e.stdout, p, cfg, *brief)
	return nil
}

// unitLabel names a unit as planners do: code, name and its parents.
func unitLabel(t risk.Target) string {
	var parents []string
	if t.TownshipName != "" && t.Township != t.UnitID {
		parents = append(parents, t.TownshipName)
	}
	if t.DistrictName != "" {
		parents = append(parents, t.DistrictName)
	}
	s := t.UnitID + " " + t.Name
	if len(parents) > 0 {
		s += "（" + strings.Join(parents, "，") + "）"
	}
	return s
}

func printPlan(w io.Writer, p *risk.Plan, cfg risk.Config, brief bool) {
	fmt.Fprintf(w, "plan for run %s (as of %s)\n", p.RunID, p.AsOf.Format(time.DateOnly))
	fmt.Fprintf(w, "\nwork reminders: %d\n", len(p.Reminders))
	for _, t := range p.Reminders {
		fmt.Fprintf(w, "%3d  %s\n     %s; reply by %s to %s; %s\n     %s\n", t.Seq, unitLabel(t), t.ID,
			t.Deadline.Format(time.DateOnly), t.Owner.Name, t.Status, t.ReasonEn)
	}
	s := p.Solve
	fmt.Fprintf(w, "\ntour plan: %d rounds, %d teams, %d slots; %d units planned, %d of them drawn by lottery (%g%% of the slots)\n",
		len(p.Rounds), len(p.Teams), s.Slots, s.Planned, p.RandomSlots, 100*cfg.Tours.RandomShare)
	for k, r := range p.Rounds {
		fmt.Fprintf(w, "  round %d %s: %s to %s\n", k+1, r.Name, r.Starts.Format(time.DateOnly), r.Ends.Format(time.DateOnly))
	}
	for k, t := range p.Teams {
		fmt.Fprintf(w, "  team %d %s: home %s %s, %d units a round\n", k+1, t.Name, t.Home, t.HomeName, t.Units)
	}
	gap := "n/a (the relaxation places more forced units)"
	if !math.IsNaN(s.Gap) {
		gap = fmt.Sprintf("%.2f%%", 100*s.Gap)
	}
	fmt.Fprintf(w, "  objective: %.1f expected findings (%s)\n", s.Objective, p.CalibrationEn)
	fmt.Fprintf(w, "  bound: %.1f; gap %s; solved in %.2fs (%d improving moves)\n", s.Bound, gap, s.Seconds, s.Moves)
	fmt.Fprintf(w, "  method: %s\n", risk.MethodText[s.Method][1])
	fmt.Fprintf(w, "  must tour now (overdue or drawn): %d of %d placed; due this year or pulled forward: %d of %d placed\n",
		s.MustPlaced, s.Must, s.DuePlaced, s.Due)
	printSchedule(w, p, cfg.Tours.CoverageYears)
	if len(p.OverdueLeftOut) > 0 {
		fmt.Fprintf(w, "  overdue but not placed: %s\n", strings.Join(p.OverdueLeftOut, ", "))
	}
	counts := map[string]int{}
	for _, st := range p.Status {
		counts[st.Status]++
	}
	var parts []string
	for _, st := range risk.Statuses {
		parts = append(parts, fmt.Sprintf("%s %d", st, counts[st]))
	}
	fmt.Fprintf(w, "  target status (this run's and earlier runs' targets): %s\n", strings.Join(parts, ", "))
	if brief {
		return
	}
	round, team := 0, 0
	for _, t := range p.Tours {
		if t.Round != round || t.Team != team {
			round, team = t.Round, t.Team
			tm := p.Teams[t.Team-1]
			fmt.Fprintf(w, "\n  round %d, team %d %s → %s %s (rectification by %s, %s)\n", t.Round, t.Team, tm.Name, t.District,
				t.DistrictName, t.Deadline.Format(time.DateOnly), t.Owner.Name)
		}
		mark := ""
		switch {
		case t.Random:
			mark = " [lottery]"
		case t.Forced:
			mark = " [due by " + t.DueOn.Format("2006-01") + "]"
		}
		first, _, _ := strings.Cut(t.ReasonEn, "\n")
		if t.Random || t.Forced {
			first = fmt.Sprintf("risk rank %d (score %.1f)", t.Rank, t.Score)
		}
		fmt.Fprintf(w, "    %s%s\n      %s, expected %.2f; %s\n", unitLabel(t), mark, first, t.Expected, t.ID)
	}
}

// printSchedule prints the rolling schedule: units due and scheduled per
// year of the cycle.
func printSchedule(w io.Writer, p *risk.Plan, years int) {
	due, planned := make([]int, years+1), make([]int, years+2)
	overdue, late := 0, 0
	for _, e := range p.Schedule {
		due[max(1, min(e.DueYear, years))]++
		if e.Overdue {
			overdue++
		}
		if e.PlannedYear >= 1 && e.PlannedYear <= years {
			planned[e.PlannedYear]++
		} else {
			planned[years+1]++
		}
		if e.PlannedYear == 0 || e.PlannedYear > max(1, e.DueYear) {
			late++
		}
	}
	fmt.Fprintf(w, "  full coverage in %d years: %d units, %d overdue now, %d pulled into this year so that the later years can hold the rest\n",
		years, len(p.Schedule), overdue, p.Pulled)
	for y := 1; y <= years; y++ {
		fmt.Fprintf(w, "    year %d (to %s): %d due, %d scheduled\n", y, p.AsOf.AddDate(y, 0, 0).Format(time.DateOnly), due[y], planned[y])
	}
	if late > 0 {
		fmt.Fprintf(w, "  COVERAGE FAILS: %d units cannot be toured by their due year with these teams (%d fit nowhere in the cycle)\n", late, planned[years+1])
	} else {
		fmt.Fprintln(w, "  every unit is scheduled no later than its due year")
	}
}
