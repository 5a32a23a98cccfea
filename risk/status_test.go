package risk

import (
	"context"
	"testing"
	"time"
)

func TestStatusOf(t *testing.T) {
	asOf := date("2017-08-31")
	hit := &Outcome{Result: ResultConfirmed, DecidedOn: date("2017-07-01")}
	miss := &Outcome{Result: ResultUnfounded, DecidedOn: date("2017-07-01")}
	unchecked := &Outcome{Result: ResultUnchecked, DecidedOn: date("2017-07-01")}
	within, passed := date("2017-09-29"), date("2017-08-01")
	for _, tt := range []struct {
		name    string
		current bool
		last    *Outcome
		rectify time.Time
		want    string
	}{
		{"proposed, nothing known", true, nil, time.Time{}, StatusNew},
		{"earlier, nothing known", false, nil, time.Time{}, StatusOpen},
		{"confirmed, rectifying, proposed again", true, hit, within, StatusRectifying},
		{"confirmed, rectifying", false, hit, within, StatusRectifying},
		{"confirmed, rectified, proposed again", true, hit, passed, StatusRepeat},
		{"confirmed, rectified, not proposed", false, hit, passed, StatusCleared},
		{"unfounded, proposed again", true, miss, time.Time{}, StatusNew},
		{"unfounded", false, miss, time.Time{}, StatusCleared},
		{"not checked", false, unchecked, time.Time{}, StatusOpen},
	} {
		s := TargetStatus{Current: tt.current, RectifyBy: tt.rectify}
		if got := statusOf(s, tt.last, asOf); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestRectificationLoop: a reminder confirmed in July is under
// rectification at the end of August and a repeat when proposed again in
// January; the same target judged twice counts once (its latest
// judgement); a disposition naming only a unit judges its latest target;
// a flag's disposition credits its rule.
func TestRectificationLoop(t *testing.T) {
	f := planFixture(t)
	ctx := context.Background()
	cfg := planConfig()
	cfg.Tours.Rounds = nil // rounds follow each run's as-of date
	plan := func(asOf string) *Plan {
		t.Helper()
		run, err := Score(ctx, f.db, Options{AsOf: date(asOf), Config: cfg, Now: fixedClock})
		if err != nil {
			t.Fatal(err)
		}
		p, err := MakePlan(ctx, f.db, run.ID, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p1 := plan("2017-05-31")
	var tour Target
	for _, u := range p1.Tours {
		if u.UnitID == "D3V1" {
			tour = u
		}
	}
	if tour.ID == "" {
		t.Fatal("D3V1 (overdue) is not in the plan")
	}
	var caseID string
	f.db.QueryRow(`SELECT record_id FROM flags WHERE run_id = ? AND unit_id = 'D1V0' AND rule = 'cases_eb_rate' LIMIT 1`, p1.RunID).Scan(&caseID)
	f.insert("dispositions", "disposition_id, decided_on, result, target_id, flag_id, unit_id, money_recovered_yuan, persons_disciplined",
		[]any{"d1", "2017-06-15", "confirmed", "reminder-20170531-D1V0", nil, nil, 5000, 1},
		[]any{"d2", "2017-07-01", "partly_confirmed", "reminder-20170531-D1V0", nil, nil, 2000, 0},
		[]any{"d3", "2017-08-01", "confirmed", nil, nil, "D3V1", 100, 1},
		[]any{"d4", "2017-07-05", "confirmed", nil, FlagID("cases_eb_rate", "D1V0", caseID), nil, nil, nil},
		[]any{"d5", "2017-07-06", "unfounded", "reminder-20170531-D2V0", nil, nil, nil, nil},
	)
	outs, err := LoadOutcomes(ctx, f.db, date("2017-08-31"), cfg.Outcomes)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Outcome{}
	for _, o := range outs {
		got[o.DispositionID] = o
	}
	if len(outs) != 4 || got["d2"].Result != ResultPartly || got["d1"].DispositionID != "" {
		t.Errorf("the reminder judged twice should count once, by d2: %+v", outs)
	}
	if o := got["d3"]; o.TargetID != tour.ID || o.Kind != KindTour || o.RefRun != p1.RunID || o.Features == nil {
		t.Errorf("d3 names D3V1 only: %+v", o)
	}
	if o := got["d4"]; o.FlagRule != "cases_eb_rate" || o.UnitID != "D1V0" || o.TargetID != "" {
		t.Errorf("d4 judges a flag: %+v", o)
	}
	s := Summarise(date("2017-08-31"), outs, cfg.Outcomes)
	for _, r := range s.Rules {
		if r.Rule == "cases_eb_rate" && (r.Flags != 1 || r.Precision.K < 1) {
			t.Errorf("cases_eb_rate credited %+v", r)
		}
	}

	status := func(p *Plan, id string) string {
		for _, s := range p.Status {
			if s.TargetID == id {
				return s.Status
			}
		}
		return ""
	}
	p2 := plan("2017-08-31")
	if got := status(p2, "reminder-20170831-D1V0"); got != StatusRectifying {
		t.Errorf("D1V0's reminder at the end of August: %q", got)
	}
	if got := status(p2, "reminder-20170831-D2V0"); got != StatusNew {
		t.Errorf("D2V0's reminder after an unfounded check: %q", got)
	}
	p3 := plan("2018-01-31")
	if got := status(p3, "reminder-20180131-D1V0"); got != StatusRepeat {
		t.Errorf("D1V0's reminder in January: %q", got)
	}
	for _, r := range p3.Reminders {
		if r.UnitID == "D1V0" && r.Status != StatusRepeat {
			t.Errorf("the target carries status %q", r.Status)
		}
	}
}
