package risk

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/risk/stats"
)

// planFixture: four districts with five villages each (staff 10), scored at
// 2017-05-31. Cases: D1V0 15 (all land), D2V0 3 (benefits), D3V0 4
// (other), every other village 1 (other). Tours: every village in 2014,
// except D1V1 toured in January 2017 (recent), D2V1 last toured in May 2011
// (due) and D3V1 with no tour (due only when the records reach back five
// years; the 2011 tour makes them).
func planFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.city()
	f.insert("units", "unit_id, name, level, parent_id",
		[]any{"D3", "三区", "district", "C"}, []any{"D4", "四区", "district", "C"})
	for d := 1; d <= 4; d++ {
		for v := 0; v < 5; v++ {
			id := fmt.Sprintf("D%dV%d", d, v)
			f.unit(id, "village", fmt.Sprintf("D%d", d), 10, 2000)
			switch id {
			case "D1V0":
				f.cases(id, 15, "2016-10-01", "land")
			case "D2V0":
				f.cases(id, 3, "2016-10-01", "benefits")
			case "D3V0":
				f.cases(id, 4, "2016-10-01", "other")
			default:
				f.cases(id, 1, "2016-10-01", "other")
			}
			start := "2014-03-01"
			switch id {
			case "D1V1":
				start = "2017-01-10"
			case "D2V1":
				start = "2011-05-01"
			case "D3V1":
				continue
			}
			f.insert("inspections", "inspection_id, unit_id, kind, start_on", []any{"i" + id, id, "routine_tour", start})
		}
	}
	// An unannounced visit is not a tour.
	f.insert("inspections", "inspection_id, unit_id, kind, start_on", []any{"u1", "D4V4", "unannounced_visit", "2017-03-01"})
	return f
}

// planConfig: three teams of two units at home in D1, D2 and D3, two
// rounds (July and October 2017), a quarter of the slots by lottery, one
// team in a district per round.
func planConfig() Config {
	c := DefaultConfig()
	c.Tours.Teams = []Team{{Name: "甲组", Home: "D1", Units: 2}, {Name: "乙组", Home: "D2", Units: 2}, {Name: "丙组", Home: "D3", Units: 2}}
	c.Tours.Rounds = []Round{
		{Name: "一", Starts: date("2017-07-03"), Ends: date("2017-08-11")},
		{Name: "二", Starts: date("2017-10-09"), Ends: date("2017-11-17")},
	}
	c.Tours.RoundsPerYear = 2
	c.Tours.RandomShare = 0.25
	c.Tours.MaxDistrictShare = 0.5
	return c
}

func scoreAndPlan(t *testing.T, f *fixture, cfg Config) *Plan {
	t.Helper()
	ctx := context.Background()
	run, err := Score(ctx, f.db, Options{AsOf: date("2017-05-31"), Config: cfg, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	p, err := MakePlan(ctx, f.db, run.ID, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReminders(t *testing.T) {
	f := planFixture(t)
	p := scoreAndPlan(t, f, planConfig())
	got := map[string]Target{}
	for _, r := range p.Reminders {
		got[r.UnitID] = r
	}
	// m = 39 cases / 400 staff-years = 0.0975; E = 1.95 per village.
	// D1V0: O/E = 7.7 above the 99.8% limit χ²₀.₉₉₉(5.9)/3.9 ≈ 5.7.
	_, hi := stats.PoissonLimits(1.95, 0.998)
	if !(15/1.95 > hi) {
		t.Fatalf("fixture premise: 15/1.95 = %.2f not above %.2f", 15/1.95, hi)
	}
	if r, ok := got["D1V0"]; !ok || !strings.Contains(r.ReasonZh, "超出99.8%控制上限") || !strings.Contains(r.ReasonZh, "土地整理流转领域立案15件") ||
		!strings.Contains(r.ReasonEn, "15 cases from 2015-06-01 to 2017-05-31 against 2.0 expected") {
		t.Errorf("D1V0 reminder: %+v", r)
	}
	// D2V0: three cases in one domain.
	if r, ok := got["D2V0"]; !ok || strings.Contains(r.ReasonEn, "funnel") || !strings.Contains(r.ReasonEn, "3 cases in benefit policies within 24 months") {
		t.Errorf("D2V0 reminder: %+v", r)
	}
	// D3V0: four cases, but in 'other', and within the funnel.
	if len(got) != 2 {
		t.Errorf("reminders for %v, want D1V0 and D2V0", p.Reminders)
	}
	if p.Reminders[0].UnitID != "D1V0" || p.Reminders[0].Seq != 1 {
		t.Errorf("reminders order: %+v", p.Reminders)
	}
	var n int
	f.db.QueryRow(`SELECT count(*) FROM targets WHERE kind = 'reminder' AND round IS NULL AND team IS NULL`).Scan(&n)
	if n != 2 {
		t.Errorf("%d reminder rows stored", n)
	}
}

// TestReminderMinCases: a unit above the funnel limit with fewer cases than
// reminders.min_cases gets no reminder. At 99.8% the exact limit can never
// be passed with fewer than 7 cases (O must exceed χ²₀.₉₉₉(2E+2)/2 ≥ 6.9),
// so the rule is shown at 95% with a minimum of 5.
func TestReminderMinCases(t *testing.T) {
	f := newFixture(t)
	f.city()
	f.unit("S", "station", "D1", 1, nil) // 2 staff-years
	for i := 0; i < 40; i++ {
		f.unit(fmt.Sprintf("V%d", i), "village", "D2", 20, nil) // 40 staff-years each
	}
	f.cases("S", 4, "2017-01-01", "other")
	f.cases("V0", 1, "2017-01-01", "other")
	cfg := planConfig()
	cfg.Tours.Teams[2].Home = "" // no D3 here: the districts in code order wrap round to D1
	cfg.Reminders.Coverage = 0.95
	cfg.Reminders.MinCases = 5
	p := scoreAndPlan(t, f, cfg)
	e := 5.0 / 1602 * 2 // city rate × staff-years
	if _, hi := stats.PoissonLimits(e, 0.95); !(4/e > hi) {
		t.Fatalf("fixture premise: S not above the 95%% limit (%v ≤ %v)", 4/e, hi)
	}
	if len(p.Reminders) != 0 {
		t.Errorf("reminders %+v, want none below 5 cases", p.Reminders)
	}
	cfg.Reminders.MinCases = 3
	if p := scoreAndPlan(t, f, cfg); len(p.Reminders) != 1 || p.Reminders[0].UnitID != "S" {
		t.Errorf("with min 3: %+v", p.Reminders)
	}
}

func TestTourPlan(t *testing.T) {
	f := planFixture(t)
	cfg := planConfig()
	p := scoreAndPlan(t, f, cfg)
	if len(p.Teams) != 3 || p.Teams[0].Home != "D1" || p.Teams[1].Home != "D2" || p.Teams[0].HomeName != "一区" {
		t.Errorf("teams %+v", p.Teams)
	}
	if !p.RecordsFrom.Equal(date("2011-05-01")) || p.Excluded != 1 || p.Overdue != 2 {
		t.Errorf("records from %v, excluded %d, overdue %d", p.RecordsFrom, p.Excluded, p.Overdue)
	}
	checkTours(t, p, cfg.Tours)
	seen := map[string]Target{}
	for _, u := range p.Tours {
		seen[u.UnitID] = u
	}
	if _, ok := seen["D1V1"]; ok {
		t.Error("D1V1 toured in January 2017 is in the plan")
	}
	// D2V1 (last toured 2011) and D3V1 (no tour since the records start in
	// 2011) are overdue: both in the plan, in the first round.
	for _, id := range []string{"D2V1", "D3V1"} {
		if u, ok := seen[id]; !ok || !u.Forced || u.Round != 1 {
			t.Errorf("%s overdue under the cycle: %+v", id, u)
		}
	}
	if !strings.Contains(seen["D2V1"].ReasonEn, "last toured 2011-05") || !strings.Contains(seen["D3V1"].ReasonZh, "无该单位巡察记录") {
		t.Errorf("forced reasons: %q / %q", seen["D2V1"].ReasonEn, seen["D3V1"].ReasonZh)
	}
	// The lottery drew a quarter of the 12 slots, marked and explained.
	var random int
	for _, u := range p.Tours {
		if u.Random {
			random++
			if u.Forced || !strings.Contains(u.ReasonZh, "随机抽取") || !strings.Contains(u.ReasonEn, "lottery") {
				t.Errorf("random target %+v", u)
			}
		}
		if u.ID != "tour-20170531-"+u.UnitID || u.Starts.IsZero() || !u.Deadline.Equal(u.Ends.AddDate(0, 0, cfg.Tours.RectifyDays)) {
			t.Errorf("target %s: id %q, starts %v, deadline %v", u.UnitID, u.ID, u.Starts, u.Deadline)
		}
		if u.Owner.ID != "district:"+u.District || u.Owner.Name != u.DistrictName+"纪委监委" {
			t.Errorf("target %s owned by %+v", u.UnitID, u.Owner)
		}
		if u.Status != StatusNew {
			t.Errorf("target %s status %q", u.UnitID, u.Status)
		}
	}
	if random != 3 || p.RandomSlots != 3 {
		t.Errorf("%d random targets, %d random slots; want 3", random, p.RandomSlots)
	}
	// Every slot is used: 3 teams × 2 units × 2 rounds.
	if len(p.Tours) != 12 || p.Solve.Planned != 12 || p.Solve.Slots != 12 {
		t.Errorf("%d tours (%d planned of %d slots)", len(p.Tours), p.Solve.Planned, p.Solve.Slots)
	}
	if !(p.Solve.Bound >= p.Solve.Objective-1e-9) || p.Solve.MustPlaced != p.Solve.Must {
		t.Errorf("solve report %+v", p.Solve)
	}
	// The schedule holds every scored unit, each within its due year.
	if len(p.Schedule) != 20 || !p.CoverageHolds() {
		t.Errorf("schedule of %d units, coverage holds %v: %+v", len(p.Schedule), p.CoverageHolds(), p.Schedule)
	}
	var n int
	f.db.QueryRow(`SELECT count(*) FROM targets WHERE run_id = ? AND kind = 'tour' AND target_id IS NOT NULL AND owner_id IS NOT NULL`, p.RunID).Scan(&n)
	if n != len(p.Tours) {
		t.Errorf("%d tour rows stored for %d", n, len(p.Tours))
	}
	for _, q := range []string{
		`SELECT count(*) FROM plans WHERE run_id = ? AND coverage_ok AND objective <= bound + 1e-9`,
		`SELECT count(*) / 3 FROM plan_teams WHERE run_id = ?`,
		`SELECT count(*) / 2 FROM plan_rounds WHERE run_id = ?`,
		`SELECT count(*) / 20 FROM tour_schedule WHERE run_id = ? AND planned_year <= greatest(due_year, 1)`,
	} {
		if f.db.QueryRow(q, p.RunID).Scan(&n); n != 1 {
			t.Errorf("%s: %d", q, n)
		}
	}
	// Planning again replaces the run's plan and draws the same lottery.
	p2, err := MakePlan(context.Background(), f.db, p.RunID, cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.db.QueryRow(`SELECT count(*) FROM targets WHERE run_id = ?`, p.RunID).Scan(&n)
	if n != len(p.Tours)+len(p.Reminders) {
		t.Errorf("after re-planning %d rows, want %d", n, len(p.Tours)+len(p.Reminders))
	}
	for i := range p.Tours {
		if p.Tours[i].UnitID != p2.Tours[i].UnitID || p.Tours[i].Random != p2.Tours[i].Random {
			t.Errorf("re-planning changed tour %d: %+v / %+v", i, p.Tours[i], p2.Tours[i])
		}
	}
}

// TestTourPlanCoverageCycle: without the 2011 tour the records reach back
// only to 2014, so D3V1 (no tour on record) is due five years after the
// records start, in 2019, not overdue.
func TestTourPlanCoverageCycle(t *testing.T) {
	f := planFixture(t)
	f.exec(`DELETE FROM inspections WHERE unit_id = 'D2V1'`)
	cfg := planConfig()
	p := scoreAndPlan(t, f, cfg)
	if p.Overdue != 0 || !p.RecordsFrom.Equal(date("2014-03-01")) {
		t.Errorf("records from %v, overdue %d", p.RecordsFrom, p.Overdue)
	}
	for _, e := range p.Schedule {
		if e.UnitID == "D3V1" && (!e.DueOn.Equal(date("2019-03-01")) || e.DueYear != 2) {
			t.Errorf("D3V1 scheduled %+v", e)
		}
	}
	if !p.CoverageHolds() {
		t.Error("coverage does not hold")
	}
	checkTours(t, p, cfg.Tours)
}

// checkTours asserts the plan's invariants: no unit twice, every team in
// one district per round and never its home, its size respected, at most
// MaxTeams teams in a district per round, units in their round's dates.
func checkTours(t *testing.T, p *Plan, tc Tours) {
	t.Helper()
	units := map[string]bool{}
	district := map[[2]int]string{}
	load := map[[2]int]int{}
	teamsIn := map[string]map[int]bool{}
	for _, u := range p.Tours {
		if units[u.UnitID] {
			t.Errorf("%s twice", u.UnitID)
		}
		units[u.UnitID] = true
		if u.Round < 1 || u.Round > len(p.Rounds) || u.Team < 1 || u.Team > len(p.Teams) {
			t.Errorf("%s in round %d team %d", u.UnitID, u.Round, u.Team)
			continue
		}
		k := [2]int{u.Round, u.Team}
		if d, ok := district[k]; ok && d != u.District {
			t.Errorf("team %d in districts %s and %s in round %d", u.Team, d, u.District, u.Round)
		}
		district[k] = u.District
		if p.Teams[u.Team-1].Home == u.District {
			t.Errorf("team %d tours its home district %s (%s)", u.Team, u.District, u.UnitID)
		}
		if load[k]++; load[k] > p.Teams[u.Team-1].Units {
			t.Errorf("team %d round %d over its size with %s", u.Team, u.Round, u.UnitID)
		}
		key := fmt.Sprint(u.Round, u.District)
		if teamsIn[key] == nil {
			teamsIn[key] = map[int]bool{}
		}
		if teamsIn[key][u.Team] = true; len(teamsIn[key]) > tc.MaxTeams() {
			t.Errorf("more than %d teams in %s in round %d", tc.MaxTeams(), u.District, u.Round)
		}
		if !u.Starts.Equal(p.Rounds[u.Round-1].Starts) {
			t.Errorf("%s starts %v", u.UnitID, u.Starts)
		}
	}
}

// TestPlanConfigAgainstTheRun: rounds must start after the run's as-of
// date and within a year, and a team's home must be a district.
func TestPlanConfigAgainstTheRun(t *testing.T) {
	f := planFixture(t)
	ctx := context.Background()
	cfg := planConfig()
	run, err := Score(ctx, f.db, Options{AsOf: date("2017-05-31"), Config: cfg, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	early := cfg
	early.Tours.Rounds = []Round{{Name: "早", Starts: date("2017-03-01"), Ends: date("2017-04-01")}}
	if _, err := MakePlan(ctx, f.db, run.ID, early); err == nil || !strings.Contains(err.Error(), "tours.rounds[0]") {
		t.Errorf("a round before the as-of date: %v", err)
	}
	away := cfg
	away.Tours.Teams = []Team{{Name: "甲组", Home: "D9"}}
	if _, err := MakePlan(ctx, f.db, run.ID, away); err == nil || !strings.Contains(err.Error(), "tours.teams[0].home") {
		t.Errorf("a home that is no district: %v", err)
	}
	bad := cfg
	bad.Tours.Rounds = []Round{{Name: "反", Starts: date("2017-08-01"), Ends: date("2017-07-01")}}
	bad.Tours.RandomShare = 1
	bad.Owners.Tour = "city"
	err = bad.Validate()
	for _, field := range []string{"tours.rounds[0]", "tours.random_share", "owners.tour"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("validate: %v, want %s", err, field)
		}
	}
}
