package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAdjustR reproduces R's adjusted p-values for BH and BY on the
// p-values of statsmodels' statsmodels/stats/tests/test_multi.py
// (commit 0123770f): pval0 and res_multtest1 (columns rawp, BH, BY;
// "tested against R:multtest", mt.rawp2adjp, whose BH and BY are the
// same formulas as p.adjust(method = "BH"/"BY")), and res_multtest3's
// first ten rows. The p-values are given here in the original (unsorted)
// order of pval0, the expected values in the sorted order of the R
// table, and the test maps one to the other.
func TestAdjustR(t *testing.T) {
	pval0 := []float64{0.838541367553, 0.642193923795, 0.680845947633, 0.967833824309, 0.71626938238,
		0.177096952723, 5.23656777208e-005, 0.0202732688798, 0.00028140506198, 0.0149877310796}
	// res_multtest1, sorted by raw p: rawp, BH, BY
	sorted := [][3]float64{
		{5.2365677720800003e-05, 5.2365677720800005e-04, 1.5337740764175588e-03},
		{2.8140506198000000e-04, 1.4070253098999999e-03, 4.1211324652269442e-03},
		{1.4987731079600001e-02, 4.9959103598666670e-02, 1.4632862843720582e-01},
		{2.0273268879800001e-02, 5.0683172199499998e-02, 1.4844940238274187e-01},
		{1.7709695272300000e-01, 3.5419390544599999e-01, 1},
		{6.4219392379499995e-01, 8.9533672797500008e-01, 1},
		{6.8084594763299999e-01, 8.9533672797500008e-01, 1},
		{7.1626938238000004e-01, 8.9533672797500008e-01, 1},
		{8.3854136755300002e-01, 9.3171263061444454e-01, 1},
		{9.6783382430900000e-01, 9.6783382430900000e-01, 1},
	}
	bh, by := AdjustBH(pval0), AdjustBY(pval0)
	for i, p := range pval0 {
		var row [3]float64
		for _, r := range sorted {
			if close(r[0], p, 1e-12, 0) {
				row = r
			}
		}
		if row[0] == 0 {
			t.Fatalf("p %v not in R's table", p)
		}
		if !close(bh[i], row[1], 1e-14, 0) {
			t.Errorf("BH(%v) = %.17g, R %.17g", p, bh[i], row[1])
		}
		if !close(by[i], row[2], 1e-14, 0) {
			t.Errorf("BY(%v) = %.17g, R %.17g", p, by[i], row[2])
		}
	}
	// statsmodels tests BH at α = 0.1 on this table: p ≤ 0.1 for the
	// four smallest
	rej := BenjaminiHochberg(pval0, 0.1)
	n := 0
	for i, r := range rej {
		if r != (bh[i] <= 0.1) {
			t.Errorf("reject[%d] = %v, q-value %v", i, r, bh[i])
		}
		if r {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d rejected at q = 0.1, R's table 4", n)
	}

	// res_multtest3 (statsmodels' DGP with ten hypotheses): rawp, BH, BY
	raw3 := []float64{0.001, 0.002, 0.003, 0.004, 0.005, 0.05, 0.06, 0.07, 0.08, 0.09}
	bh3 := []float64{0.01, 0.01, 0.01, 0.01, 0.01, 0.08333333333333334, 0.0857142857142857, 0.0875, 0.0888888888888889, 0.09}
	by3 := []float64{0.02928968253968254, 0.02928968253968254, 0.02928968253968254, 0.02928968253968254, 0.02928968253968254,
		0.2440806878306878, 0.2510544217687075, 0.2562847222222222, 0.2603527336860670, 0.2636071428571428}
	gb, gy := AdjustBH(raw3), AdjustBY(raw3)
	for i := range raw3 {
		if !close(gb[i], bh3[i], 1e-14, 0) || !close(gy[i], by3[i], 1e-14, 0) {
			t.Errorf("p %v: BH %.17g BY %.17g, R %.17g %.17g", raw3[i], gb[i], gy[i], bh3[i], by3[i])
		}
	}
}

func TestAdjustEdges(t *testing.T) {
	if AdjustBH(nil) != nil || len(BenjaminiHochberg(nil, 0.05)) != 0 {
		t.Error("empty input")
	}
	// NaN counts as a test with p = 1 and is never rejected
	q := AdjustBH([]float64{0.01, math.NaN()})
	if !close(q[0], 0.02, 1e-15, 0) || q[1] != 1 {
		t.Errorf("NaN: %v", q)
	}
	// ties share their adjusted value; input is not modified
	p := []float64{0.02, 0.01, 0.02}
	q = AdjustBH(p)
	if q[0] != q[2] || !close(q[0], 0.02, 1e-15, 0) || !close(q[1], 0.02, 1e-15, 0) || p[0] != 0.02 || p[1] != 0.01 {
		t.Errorf("ties: %v (p %v)", q, p)
	}
	defer func() {
		if recover() == nil {
			t.Error("q = 0 did not panic")
		}
	}()
	BenjaminiHochberg(p, 0)
}

// TestBHControlsFDR: 900 true nulls (uniform p) and 100 alternatives
// (p from a one-sided z test with shift 3.5); over 400 seeded worlds the
// mean false-discovery proportion of BH at q = 0.1 stays at or below
// q·m₀/m = 0.09 (Benjamini & Hochberg 1995, Theorem 1), allowing for the
// simulation's standard error.
func TestBHControlsFDR(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 1))
	const worlds, m, m1, q = 400, 1000, 100, 0.1
	var fdp, power float64
	p := make([]float64, m)
	for w := 0; w < worlds; w++ {
		for i := range p {
			if i < m1 {
				p[i] = normalSurvival(3.5 + r.NormFloat64())
			} else {
				p[i] = r.Float64()
			}
		}
		rej := BenjaminiHochberg(p, q)
		var v, all, tp float64
		for i, x := range rej {
			if x {
				all++
				if i >= m1 {
					v++
				} else {
					tp++
				}
			}
		}
		if all > 0 {
			fdp += v / all
		}
		power += tp / m1
	}
	fdp /= worlds
	power /= worlds
	if fdp > 0.09+0.01 {
		t.Errorf("mean FDP %.4f, BH bounds it by 0.09", fdp)
	}
	if power < 0.5 {
		t.Errorf("power %.3f: BH found too few of the alternatives", power)
	}
	t.Logf("mean FDP %.4f (bound 0.09), power %.3f", fdp, power)
}

func normalSurvival(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }
