package stats

import "testing"

func TestPercentRank(t *testing.T) {
	// SQL PERCENT_RANK: (rank − 1)/(n − 1), ties at their lowest rank
	got := PercentRank([]float64{30, 10, 20, 20})
	want := []float64{1, 0, 1.0 / 3, 1.0 / 3}
	for i := range want {
		if !close(got[i], want[i], 1e-15, 0) {
			t.Errorf("PercentRank[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	for _, x := range [][]float64{nil, {4}, {2, 2, 2}} {
		for _, v := range PercentRank(x) {
			if v != 0 {
				t.Errorf("PercentRank(%v) = %v", x, PercentRank(x))
			}
		}
	}
}

func TestStandardize(t *testing.T) {
	got := Standardize([]float64{1, 2, 3})
	for i, w := range []float64{-1, 0, 1} {
		if !close(got[i], w, 1e-15, 1e-15) {
			t.Errorf("Standardize = %v", got)
		}
	}
	for _, x := range [][]float64{nil, {4}, {2, 2, 2}} {
		for _, v := range Standardize(x) {
			if v != 0 {
				t.Errorf("Standardize(%v) = %v", x, Standardize(x))
			}
		}
	}
}

func TestAUC(t *testing.T) {
	cases := []struct {
		name   string
		scores []float64
		pos    []bool
		want   float64
	}{
		// scikit-learn's roc_auc_score documentation example:
		// y_true [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] → 0.75
		{"sklearn", []float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.75},
		// by hand: 8 of 9 positive–negative pairs ordered correctly
		{"hand", []float64{0.9, 0.8, 0.7, 0.6, 0.55, 0.5}, []bool{true, true, false, true, false, false}, 8.0 / 9},
		// a tie counts ½: pairs (1 vs 1) ½ and (1 vs 0) 1 → 0.75
		{"tie", []float64{1, 1, 0}, []bool{true, false, false}, 0.75},
		{"all tied", []float64{3, 3, 3, 3}, []bool{true, false, true, false}, 0.5},
		{"perfect", []float64{1, 2, 3}, []bool{false, true, true}, 1},
		{"reversed", []float64{1, 2, 3}, []bool{true, false, false}, 0},
		{"no positives", []float64{1, 2}, []bool{false, false}, 0.5},
		{"no negatives", []float64{1, 2}, []bool{true, true}, 0.5},
		{"empty", nil, nil, 0.5},
	}
	for _, c := range cases {
		if got := AUC(c.scores, c.pos); !close(got, c.want, 1e-15, 0) {
			t.Errorf("%s: AUC = %v, want %v", c.name, got, c.want)
		}
	}
	mustPanic(t, "length", func() { AUC([]float64{1}, nil) })
}

func TestPrecisionAtK(t *testing.T) {
	scores := []float64{5, 4, 4, 3}
	pos := []bool{true, false, true, false}
	cases := []struct {
		k    int
		want float64
	}{
		{1, 1},
		{2, 0.75}, // 5 (hit) + one of the tied 4s, half a hit expected
		{3, 2.0 / 3},
		{4, 0.5},
		{10, 0.5}, // k > n → n
		{0, 0},
		{-1, 0},
	}
	for _, c := range cases {
		if got := PrecisionAtK(scores, pos, c.k); !close(got, c.want, 1e-15, 0) {
			t.Errorf("PrecisionAtK(k=%d) = %v, want %v", c.k, got, c.want)
		}
	}
	if PrecisionAtK(nil, nil, 3) != 0 {
		t.Error("empty")
	}
	mustPanic(t, "length", func() { PrecisionAtK([]float64{1}, nil, 1) })
}
