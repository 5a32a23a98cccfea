package risk

import (
	"context"
	"errors"
	"testing"
)

// TestBacktest: four villages of equal size; A had cases before the as-of
// date and after it, B only after, C and D none. The score at the as-of
// date ranks A first and ties B, C and D (the AUC is worked out below);
// with capacity 1 the plan by score and the rotation plan (never toured
// first, by id: A) both find one; at random 2/5 × 1 is expected. The
// horizon ends at the last date of the data (2017-03-01), before the 12
// months.
func TestBacktest(t *testing.T) {
	f := newFixture(t)
	f.city()
	f.unit("T1", "township", "D1", nil, nil)
	for _, u := range []string{"A", "B", "C", "D"} {
		f.unit(u, "village", "T1", 10, 2000)
	}
	f.exec(`UPDATE units SET staff = NULL WHERE unit_id = 'T1'`)
	f.cases("A", 4, "2016-01-10", "benefits")
	f.cases("A", 1, "2016-09-01", "benefits")
	f.cases("B", 2, "2017-03-01", "land")
	f.insert("inspections", "inspection_id, unit_id, kind, start_on, problems_found",
		[]any{"i1", "C", "routine_tour", "2015-04-01", 0})
	ctx := context.Background()
	bt, err := RunBacktest(ctx, f.db, BacktestOptions{AsOf: date("2016-05-31"), Config: DefaultConfig(), Capacity: 1,
		Now: fixedClock, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if bt.Units != 5 || bt.Positives != 2 || !bt.Truncated || bt.HorizonEnd != date("2017-03-01") {
		t.Fatalf("backtest %+v", bt)
	}
	// T1 (no staff, no cases) is a scored unit too, a negative: its case
	// indicators abstain, so its composite is 0, above B, C and D (fewer
	// cases than their staff explains: below 0). Pairs (A or B) × (C, D,
	// T1): A beats all three; B ties C and D and loses to T1: 3 + 1 = 4 of 6.
	if !near(bt.AUC, 4.0/6, 1e-9) {
		t.Errorf("AUC %v, want %v", bt.AUC, 4.0/6)
	}
	if bt.Yield != 1 || bt.RotationYield != 1 || !near(bt.RandomYield, 2.0/5, 1e-12) {
		t.Errorf("yields %d by score, %d by rotation, %v at random", bt.Yield, bt.RotationYield, bt.RandomYield)
	}
	if bt.Outcomes.Cases != 3 {
		t.Errorf("outcome cases %d, want 3", bt.Outcomes.Cases)
	}
	var n, ind, bands int
	f.db.QueryRow(`SELECT count(*) FROM backtests WHERE backtest_id = ?`, bt.ID).Scan(&n)
	f.db.QueryRow(`SELECT count(*) FROM backtest_indicators WHERE backtest_id = ?`, bt.ID).Scan(&ind)
	f.db.QueryRow(`SELECT count(*) FROM backtest_bands WHERE backtest_id = ?`, bt.ID).Scan(&bands)
	if n != 1 || ind != len(Catalogue)+len(Families) || bands == 0 {
		t.Errorf("stored %d backtests, %d indicator rows, %d bands", n, ind, bands)
	}
	if _, err := RunBacktest(ctx, f.db, BacktestOptions{AsOf: date("2017-03-01"), Config: DefaultConfig(), Now: fixedClock}); !errors.Is(err, ErrNoHorizon) {
		t.Errorf("as-of at the end of the data: %v, want ErrNoHorizon", err)
	}
}
