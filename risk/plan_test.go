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

func planConfig() Config {
	c := DefaultConfig()
	c.Tours = Tours{Teams: 2, UnitsPerTeam: 2, Rounds: 2, CoverageYears: 5, RecentMonths: 12, MaxPerDistrict: 1}
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
	if len(p.Homes) != 2 || p.Homes[0] != "D1" || p.Homes[1] != "D2" {
		t.Errorf("homes %v", p.Homes)
	}
	if !p.RecordsSpanCycle || p.Excluded != 1 || p.Due != 2 {
		t.Errorf("records span %v, excluded %d, due %d", p.RecordsSpanCycle, p.Excluded, p.Due)
	}
	checkTours(t, p, cfg.Tours)
	seen := map[string]Target{}
	for _, u := range p.Tours {
		seen[u.UnitID] = u
	}
	if _, ok := seen["D1V1"]; ok {
		t.Error("D1V1 toured in January 2017 is in the plan")
	}
	for _, id := range []string{"D2V1", "D3V1"} {
		if u, ok := seen[id]; !ok || !u.Forced || u.Round != 1 {
			t.Errorf("%s due under the cycle: %+v", id, u)
		}
	}
	if !strings.Contains(seen["D2V1"].ReasonEn, "last toured 2011-05") || !strings.Contains(seen["D3V1"].ReasonZh, "无该单位巡察记录") {
		t.Errorf("forced reasons: %q / %q", seen["D2V1"].ReasonEn, seen["D3V1"].ReasonZh)
	}
	// The riskiest unit is in the plan.
	if _, ok := seen["D1V0"]; !ok {
		t.Error("the riskiest unit D1V0 is not in the plan")
	}
	var n int
	f.db.QueryRow(`SELECT count(*) FROM targets WHERE run_id = ? AND kind = 'tour'`, p.RunID).Scan(&n)
	if n != len(p.Tours) {
		t.Errorf("%d tour rows stored for %d", n, len(p.Tours))
	}
	// Planning again replaces the run's targets.
	if _, err := MakePlan(context.Background(), f.db, p.RunID, cfg); err != nil {
		t.Fatal(err)
	}
	f.db.QueryRow(`SELECT count(*) FROM targets WHERE run_id = ?`, p.RunID).Scan(&n)
	if n != len(p.Tours)+len(p.Reminders) {
		t.Errorf("after re-planning %d rows, want %d", n, len(p.Tours)+len(p.Reminders))
	}

	// Without the 2011 tour the records reach back only to 2014: D3V1's
	// missing tour may be missing data, so nothing is due.
	f.exec(`DELETE FROM inspections WHERE unit_id = 'D2V1'`)
	p2 := scoreAndPlan(t, f, cfg)
	if p2.RecordsSpanCycle || p2.Due != 0 {
		t.Errorf("records from 2014: span %v, due %d", p2.RecordsSpanCycle, p2.Due)
	}
	for _, u := range p2.Tours {
		if u.Forced {
			t.Errorf("forced %s without a full cycle of records", u.UnitID)
		}
	}
	checkTours(t, p2, cfg.Tours)
}

// checkTours asserts the plan's invariants: capacity, no unit twice, no
// team in its home district, at most max_per_district units of a district
// per team and round, forced units before the others.
func checkTours(t *testing.T, p *Plan, tc Tours) {
	t.Helper()
	if len(p.Tours) > tc.Teams*tc.UnitsPerTeam*tc.Rounds {
		t.Errorf("%d units over capacity", len(p.Tours))
	}
	units := map[string]bool{}
	slot := map[[2]int]int{}
	per := map[string]int{}
	for _, u := range p.Tours {
		if units[u.UnitID] {
			t.Errorf("%s twice", u.UnitID)
		}
		units[u.UnitID] = true
		if u.Round < 1 || u.Round > tc.Rounds || u.Team < 1 || u.Team > tc.Teams {
			t.Errorf("%s in round %d team %d", u.UnitID, u.Round, u.Team)
		}
		if p.Homes[u.Team-1] == u.District {
			t.Errorf("team %d tours its home district %s (%s)", u.Team, u.District, u.UnitID)
		}
		slot[[2]int{u.Round, u.Team}]++
		per[fmt.Sprint(u.Round, u.Team, u.District)]++
		if slot[[2]int{u.Round, u.Team}] > tc.UnitsPerTeam || per[fmt.Sprint(u.Round, u.Team, u.District)] > tc.MaxPerDistrict {
			t.Errorf("team %d round %d over its limits with %s", u.Team, u.Round, u.UnitID)
		}
	}
}
