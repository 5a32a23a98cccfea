package risk

import (
	"context"
	"testing"
	"time"
)

// TestChengduPlan plans the chengdu demo's world (6,133 units in 22
// districts, 11 teams, a 5-year cycle) and checks the plan's bars: no team
// in more than one district in a round, none in its home district; every
// unit scheduled within the cycle no later than its due year; the random
// slice present and marked; the objective no more than the bound. It logs
// the objective, the bound, the gap and the times (the solve alone and
// the whole of MakePlan, reading and writing included). Skipped with
// -short.
func TestChengduPlan(t *testing.T) {
	if testing.Short() {
		t.Skip("chengdu world skipped in -short mode")
	}
	f, _ := loadWorld(t, "chengdu", 1)
	ctx := context.Background()
	cfg := DefaultConfig()
	run, err := Score(ctx, f.db, Options{AsOf: date("2017-05-31"), Config: cfg, Now: fixedClock, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p, err := MakePlanWith(ctx, f.db, run.ID, PlanOptions{Config: cfg, Clock: time.Now})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	s := p.Solve
	t.Logf("%d units, %d teams, %d rounds, %d-year cycle: objective %.1f, bound %.1f, gap %.2f%%; solve %.2fs, MakePlan %.2fs",
		len(p.Schedule), len(p.Teams), len(p.Rounds), cfg.Tours.CoverageYears, s.Objective, s.Bound, 100*s.Gap, s.Seconds, took.Seconds())
	if len(p.Schedule) != 6133 || len(p.Teams) != 11 {
		t.Fatalf("%d units, %d teams", len(p.Schedule), len(p.Teams))
	}
	checkTours(t, p, cfg.Tours)
	if !p.CoverageHolds() || p.Late != 0 {
		t.Errorf("full coverage fails: %d units late", p.Late)
	}
	random := 0
	for _, u := range p.Tours {
		if u.Random {
			random++
		}
	}
	if random == 0 || random != p.RandomSlots || random != int(0.1*float64(s.Slots)+0.5) {
		t.Errorf("%d random targets, %d random slots of %d", random, p.RandomSlots, s.Slots)
	}
	if s.Planned != s.Slots || !(s.Objective <= s.Bound+1e-9) || s.MustPlaced != s.Must || s.DuePlaced != s.Due {
		t.Errorf("solve report %+v", s)
	}
	if took > time.Minute {
		t.Errorf("MakePlan took %v", took)
	}
}
