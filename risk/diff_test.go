package risk

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestDiffRuns: two runs of the same data and configuration differ in
// nothing; a month apart, with new cases in May, every unit whose band
// changed is explained: the changes of its contributions add up to its
// composite's, or, when its composite did not move, by the units that
// moved past it; the new cases are flagged anew from their new batch; a
// changed weight is a configuration change.
func TestDiffRuns(t *testing.T) {
	f := planFixture(t)
	ctx := context.Background()
	cfg := DefaultConfig()
	score := func(asOf string, c Config) string {
		t.Helper()
		run, err := Score(ctx, f.db, Options{AsOf: date(asOf), Config: c, Now: fixedClock, Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		return run.ID
	}
	april := score("2017-04-30", cfg)
	april2 := score("2017-04-30", cfg)
	same, err := DiffRuns(ctx, f.db, april, april2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !same.Same() || len(same.Units) != 0 || len(same.Config) != 0 || len(same.Added) != 0 || same.Scored != 20 {
		t.Errorf("same data and config: %+v", same)
	}

	// May: three new cases in D4V3 from a new file.
	f.exec(`INSERT INTO batches VALUES (2, 'cases', 'cases_2017-05.csv', NULL, 'bb', 10, 'UTF-8', 3, 3, 0, 0, now())`)
	for i, d := range []string{"2017-05-03", "2017-05-10", "2017-05-20"} {
		f.exec(`INSERT INTO cases (case_id, unit_id, filed_on, domain, _batch, _row) VALUES (?, 'D4V3', ?, 'land', 2, ?)`,
			"may"+d, d, i+2)
	}
	may := score("2017-05-31", cfg)
	d, err := DiffRuns(ctx, f.db, april, may, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d.Same() || d.BandMoved == 0 || len(d.Added) != 1 || d.Added[0].File != "cases_2017-05.csv" {
		t.Fatalf("a month apart: band moves %d, added %+v", d.BandMoved, d.Added)
	}
	var sawNew bool
	for _, m := range d.Units {
		if !m.BandChanged() {
			continue
		}
		var sum float64
		for _, c := range m.Contributions {
			sum += c.Delta()
		}
		moved := math.Abs(m.CompositeB-m.CompositeA) > 1e-9
		if moved && math.Abs(sum-(m.CompositeB-m.CompositeA)) > 1e-9 {
			t.Errorf("%s: contributions change by %v, the composite by %v", m.UnitID, sum, m.CompositeB-m.CompositeA)
		}
		if !moved && m.Passed == 0 {
			t.Errorf("%s changed band %s → %s with no explanation", m.UnitID, m.BandA, m.BandB)
		}
		if m.UnitID == "D4V3" {
			for _, fc := range m.Flags {
				sawNew = sawNew || (fc.NewData && fc.Added == 3 && fc.File == "cases_2017-05.csv")
			}
			if len(m.Contributions) == 0 || !strings.HasPrefix(m.Contributions[0].Indicator, "cases_") {
				t.Errorf("D4V3's contributions %+v", m.Contributions)
			}
		}
	}
	if !sawNew {
		t.Error("D4V3's three new cases are not flagged anew from their batch")
	}

	cfg.Weights["cases_eb_rate"] = 2
	c, err := DiffRuns(ctx, f.db, may, score("2017-05-31", cfg), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Config) != 1 || c.Config[0].Key != "weights.cases_eb_rate" || c.Config[0].A != "1" || c.Config[0].B != "2" {
		t.Errorf("config changes %+v", c.Config)
	}
	if _, err := DiffRuns(ctx, f.db, may, "nope", 0); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown run: %v", err)
	}
}
