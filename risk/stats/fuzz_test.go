package stats

import (
	"math"
	"testing"
)

// The seeds run with every `go test`; `go test -fuzz FuzzCounts` explores
// further. Data must never produce NaN or a panic.
func FuzzCounts(f *testing.F) {
	f.Add(0.0, 0.0, 0.0, 0.0)
	f.Add(3.0, 0.0, 5.0, 1.0)
	f.Add(1e6, 1e-9, 0.0, 1e9)
	f.Add(7.0, 2.5, 1.0, 0.25)
	f.Add(-1.0, 5.0, 2.0, -3.0)
	f.Fuzz(func(t *testing.T, o, e, c2, t2 float64) {
		for _, v := range []float64{o, e, c2, t2} {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e7 {
				t.Skip("inputs are finite aggregates")
			}
		}
		if z := PoissonFunnelZ(o, e); math.IsNaN(z) || math.IsInf(z, 0) {
			t.Fatalf("PoissonFunnelZ(%v, %v) = %v", o, e, z)
		}
		for _, m := range []ODMethod{SHMI, Spiegelhalter} {
			if z := FunnelZ(o, e, m); math.IsNaN(z) || math.IsInf(z, 0) {
				t.Fatalf("FunnelZ(%v, %v, %v) = %v", o, e, m, z)
			}
		}
		lo, hi := PoissonLimits(e, Coverage998)
		if math.IsNaN(lo) || math.IsNaN(hi) || lo > hi {
			t.Fatalf("PoissonLimits(%v) = %v, %v", e, lo, hi)
		}
		blo, bhi := BinomialLimits(math.Min(math.Abs(e), 1e4), math.Abs(o)/(1+math.Abs(o)), Coverage95)
		if math.IsNaN(blo) || math.IsNaN(bhi) || blo > bhi {
			t.Fatalf("BinomialLimits = %v, %v", blo, bhi)
		}
		rr := RateRatioTest(math.Min(math.Abs(o), 1e5), e, math.Min(math.Abs(c2), 1e5), t2)
		if math.IsNaN(rr.Ratio) || math.IsNaN(rr.P) || math.IsNaN(rr.Lower) || math.IsNaN(rr.Upper) || rr.P < 0 || rr.P > 1 {
			t.Fatalf("RateRatioTest = %+v", rr)
		}
		p := FitEBPrior([]float64{o, c2}, []float64{e, t2})
		if s := p.Smooth(o, e); math.IsNaN(s) || math.IsInf(s, 0) {
			t.Fatalf("Smooth = %v (prior %+v)", s, p)
		}
	})
}

// FuzzSlices feeds short vectors (bytes read as small values, with ties
// and zeros likely) to the slice functions.
func FuzzSlices(f *testing.F) {
	f.Add([]byte{}, []byte{})
	f.Add([]byte{5, 5, 5}, []byte{0, 0, 0})
	f.Add([]byte{1, 2, 200, 0, 3}, []byte{10, 0, 30, 0, 7})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		n := min(len(a), len(b))
		x, w := make([]float64, n), make([]float64, n)
		pos := make([]bool, n)
		nb := make([][]int, n)
		for i := range n {
			x[i], w[i] = float64(a[i]%16), float64(b[i]%8)
			pos[i] = a[i]&1 == 1
			if i > 0 {
				nb[i] = append(nb[i], i-1)
				nb[i-1] = append(nb[i-1], i)
			}
		}
		check := func(name string, v []float64) {
			for i, y := range v {
				if math.IsNaN(y) || math.IsInf(y, 0) {
					t.Fatalf("%s[%d] = %v for x=%v w=%v", name, i, y, x, w)
				}
			}
		}
		check("RobustZ", RobustZ(x))
		check("Winsorize", Winsorize(x, 0.1))
		check("PercentRank", PercentRank(x))
		check("Standardize", Standardize(x))
		check("EmpiricalBayes", EmpiricalBayes(x, w))
		check("ExcessRisk", ExcessRisk(x, w))
		check("SpatialEmpiricalBayes", SpatialEmpiricalBayes(x, w, nb))
		check("SpatialMedianRate", SpatialMedianRate(x, w, nb, w, 2))
		od := FitOverdispersion(x, w, SHMI, DefaultTrim)
		check("scalars", []float64{Median(x), Quantile7(0.3, x), AUC(x, pos), PrecisionAtK(x, pos, 3), od.Phi, od.Tau2})
	})
}
