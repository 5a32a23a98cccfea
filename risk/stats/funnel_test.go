package stats

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestNormalZ(t *testing.T) {
	// FunnelPlotR's constants (build_limits_lookup.R): 1.959964, 3.090232
	if z := NormalZ(Coverage95); !close(z, 1.959964, 1e-6, 0) {
		t.Errorf("NormalZ(0.95) = %v", z)
	}
	if z := NormalZ(Coverage998); !close(z, 3.090232, 1e-6, 0) {
		t.Errorf("NormalZ(0.998) = %v", z)
	}
}

// poissonTails sums the Poisson pmf directly (independent of the gamma
// functions used by PoissonFunnelZ): P(X < o), P(X = o), P(X > o).
func poissonTails(o int, e float64) (below, at, above float64) {
	p := math.Exp(-e)
	for k := 0; k < o; k++ {
		below += p
		p *= e / float64(k+1)
	}
	at = p
	return below, at, 1 - below - at
}

func TestPoissonFunnelZ(t *testing.T) {
	cases := []struct {
		o int
		e float64
	}{{0, 2}, {3, 1}, {1, 4}, {10, 10}, {25, 10}, {2, 12}, {7, 0.5}}
	for _, c := range cases {
		below, at, above := poissonTails(c.o, c.e)
		want := distuv.UnitNormal.Quantile(below + at/2)
		if below+at/2 > 0.5 {
			want = -distuv.UnitNormal.Quantile(above + at/2)
		}
		if got := PoissonFunnelZ(float64(c.o), c.e); !close(got, want, 1e-9, 1e-12) {
			t.Errorf("PoissonFunnelZ(%d, %v) = %v, mid-p by direct sums %v", c.o, c.e, got, want)
		}
	}
	// hand value: O = 0, E = 2: Φ⁻¹(½e⁻²) = Φ⁻¹(0.0676676) ≈ −1.49339
	if got := PoissonFunnelZ(0, 2); !close(got, -1.49339, 1e-5, 0) {
		t.Errorf("PoissonFunnelZ(0, 2) = %v", got)
	}
	// edge cases: no expectation, far tails stay finite and ordered
	if PoissonFunnelZ(5, 0) != 0 || PoissonFunnelZ(0, 0) != 0 || PoissonFunnelZ(3, -1) != 0 {
		t.Error("E ≤ 0 must give 0")
	}
	for _, e := range []float64{0.01, 1, 30, 1000, 1e6} {
		prev := math.Inf(-1)
		for o := 0.0; o <= 20*e+50; o += math.Max(1, math.Floor(e/50)) {
			z := PoissonFunnelZ(o, e)
			finite(t, "z", z)
			if z < prev {
				t.Fatalf("E=%v: z(%v) = %v < z at previous O = %v (not monotone)", e, o, z, prev)
			}
			prev = z
		}
	}
}

func TestPoissonLimitsEdges(t *testing.T) {
	lo, hi := PoissonLimits(0, Coverage95)
	if lo != 0 || !math.IsInf(hi, 1) {
		t.Errorf("PoissonLimits(0) = %v, %v; want 0, +Inf", lo, hi)
	}
	// tiny and huge expectations: finite, ordered around 1
	for _, e := range []float64{1e-6, 0.1, 1, 1e4, 1e8} {
		lo, hi := PoissonLimits(e, Coverage998)
		finite(t, "limits", lo, hi)
		if !(lo >= 0 && lo < 1 && hi > 1) {
			t.Errorf("PoissonLimits(%v) = %v, %v", e, lo, hi)
		}
	}
	mustPanic(t, "coverage 1", func() { PoissonLimits(10, 1) })
	mustPanic(t, "coverage 95", func() { PoissonLimits(10, 95) })
}

// binomialLimitsBrute recomputes Spiegelhalter's interpolated binomial
// quantile by summing the pmf term by term.
func binomialLimitsBrute(n int, p, q float64) float64 {
	pmf := math.Pow(1-p, float64(n))
	cdf := 0.0
	for r := 0; r <= n; r++ {
		cdf += pmf
		if cdf >= q {
			a := (cdf - q) / pmf
			return math.Max(0, (float64(r)-a)/float64(n)) // a limit below 0 is 0
		}
		pmf *= float64(n-r) / float64(r+1) * p / (1 - p)
	}
	return 1
}

func TestBinomialLimits(t *testing.T) {
	for _, c := range []struct {
		n  int
		p0 float64
	}{{20, 0.1}, {100, 0.1}, {100, 0.5}, {250, 0.03}, {40, 0.9}} {
		for _, cov := range []float64{Coverage95, Coverage998} {
			lo, hi := BinomialLimits(float64(c.n), c.p0, cov)
			a := (1 - cov) / 2
			wl, wh := binomialLimitsBrute(c.n, c.p0, a), binomialLimitsBrute(c.n, c.p0, 1-a)
			if !close(lo, wl, 1e-9, 1e-12) || !close(hi, wh, 1e-9, 1e-12) {
				t.Errorf("BinomialLimits(%d, %v, %v) = %v, %v; brute force %v, %v", c.n, c.p0, cov, lo, hi, wl, wh)
			}
			if !(lo <= c.p0 && c.p0 <= hi) {
				t.Errorf("target %v outside its limits %v, %v", c.p0, lo, hi)
			}
		}
	}
	// large n: close to the normal approximation p0 ± z√(p0(1−p0)/n)
	lo, hi := BinomialLimits(1e5, 0.2, Coverage95)
	half := 1.959964 * math.Sqrt(0.2*0.8/1e5)
	if !close(lo, 0.2-half, 2e-3, 0) || !close(hi, 0.2+half, 2e-3, 0) {
		t.Errorf("BinomialLimits(1e5, 0.2) = %v, %v; normal %v, %v", lo, hi, 0.2-half, 0.2+half)
	}
	// edges: no denominator, targets 0 and 1
	if lo, hi := BinomialLimits(0, 0.3, Coverage95); lo != 0 || hi != 1 {
		t.Errorf("n = 0: %v, %v", lo, hi)
	}
	for _, p0 := range []float64{0, 1, -0.5, 1.5} {
		lo, hi := BinomialLimits(50, p0, Coverage998)
		finite(t, "binomial limits", lo, hi)
	}
}

func TestFunnelSide(t *testing.T) {
	if FunnelSide(0.5, 0.6, 1.5) != -1 || FunnelSide(2, 0.6, 1.5) != 1 || FunnelSide(1.5, 0.6, 1.5) != 0 {
		t.Error("FunnelSide")
	}
}

func TestOverdispersionEdges(t *testing.T) {
	cases := []struct {
		name string
		o, e []float64
		n    int
	}{
		{"none", nil, nil, 0},
		{"one", []float64{3}, []float64{2}, 1},
		{"all E zero", []float64{3, 4}, []float64{0, 0}, 0},
		{"zeros observed", []float64{0, 0, 0, 0}, []float64{1, 2, 3, 4}, 4},
		{"exact fit", []float64{5, 10, 20}, []float64{5, 10, 20}, 3},
	}
	for _, c := range cases {
		for _, m := range []ODMethod{SHMI, Spiegelhalter} {
			od := FitOverdispersion(c.o, c.e, m, DefaultTrim)
			finite(t, c.name, od.Phi, od.Tau2)
			if od.Tau2 < 0 {
				t.Errorf("%s %v: tau2 %v < 0", c.name, m, od.Tau2)
			}
			if (od.N < 2) != (od.Abstain != nil) {
				t.Errorf("%s %v: N %d, Abstain %v", c.name, m, od.N, od.Abstain)
			}
			lo, hi := od.Limits(5, Coverage998)
			finite(t, c.name+" limits", lo, hi)
			finite(t, c.name+" Z", od.Z(0, 5), od.Z(7, 5), od.Z(7, 0))
		}
	}
	od := FitOverdispersion([]float64{5, 10, 20}, []float64{5, 10, 20}, SHMI, DefaultTrim)
	if od.Phi != 0 || od.Tau2 != 0 {
		t.Errorf("exact fit: %+v", od)
	}
	mustPanic(t, "trim", func() { FitOverdispersion(nil, nil, SHMI, 0.5) })
	mustPanic(t, "method", func() { FitOverdispersion(nil, nil, 0, 0.1) })
	mustPanic(t, "length", func() { FitOverdispersion([]float64{1}, nil, SHMI, 0.1) })
}

// Z and Limits must tell the same story for both methods.
func TestOverdispersionZAgreesWithLimits(t *testing.T) {
	for _, od := range []Overdispersion{
		{Method: SHMI, Phi: 3, Tau2: 0.02, N: 40},
		{Method: Spiegelhalter, Phi: 3, Tau2: 0.02, N: 40},
	} {
		for _, e := range []float64{2, 15, 80, 600} {
			lo, hi := od.Limits(e, Coverage998)
			z := NormalZ(Coverage998)
			for _, f := range []float64{0.999, 1.001} {
				if got := od.Z(hi*f*e, e); (got > z) != (f > 1) {
					t.Errorf("%v E=%v: Z at %v·upper = %v", od.Method, e, f, got)
				}
				if lo > 0 {
					if got := od.Z(lo*f*e, e); (got < -z) != (f < 1) {
						t.Errorf("%v E=%v: Z at %v·lower = %v", od.Method, e, f, got)
					}
				}
			}
		}
	}
}

func TestODMethodString(t *testing.T) {
	if SHMI.String() != "SHMI" || Spiegelhalter.String() != "Spiegelhalter" || ODMethod(9).String() == "" {
		t.Error("String")
	}
}
