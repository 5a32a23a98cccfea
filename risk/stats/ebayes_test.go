package stats

import (
	"errors"
	"testing"
)

// Hand-worked cases (values derived in the comments).
func TestFitEBPriorHand(t *testing.T) {
	// events 0, 5, 30 over exposure 10, 20, 50:
	// m = 35/80 = 0.4375; Σb(r−m)²/Σb = 3.9375/80 = 0.04921875;
	// m/b̄ = 0.4375/(80/3) = 0.01640625; v = 0.0328125.
	// w(10) = v/(v + m/10) = 3/7, so r* = (4/7)·0.4375 = 0.25, which is
	// also (0 + α)/(10 + β) with α = m²/v = 35/6, β = m/v = 40/3.
	e := []float64{0, 5, 30}
	b := []float64{10, 20, 50}
	p := FitEBPrior(e, b)
	if p.Abstain != nil || p.Truncated || p.N != 3 {
		t.Fatalf("prior %+v", p)
	}
	if !close(p.Rate, 0.4375, 1e-15, 0) || !close(p.Var, 0.0328125, 1e-12, 0) {
		t.Errorf("prior %+v, want Rate 0.4375 Var 0.0328125", p)
	}
	if got := p.Smooth(0, 10); !close(got, 0.25, 1e-12, 0) {
		t.Errorf("Smooth(0, 10) = %v, want 0.25", got)
	}
	alpha, beta := p.Rate*p.Rate/p.Var, p.Rate/p.Var
	if got, want := p.Smooth(5, 20), (5+alpha)/(20+beta); !close(got, want, 1e-12, 0) {
		t.Errorf("Smooth(5, 20) = %v, Gamma posterior mean %v", got, want)
	}
	// with v ≥ 0 the PySAL-compatible form agrees with the prior
	eb := EmpiricalBayes(e, b)
	for i := range e {
		if !close(eb[i], p.Smooth(e[i], b[i]), 1e-12, 0) {
			t.Errorf("EmpiricalBayes[%d] = %v, Smooth %v", i, eb[i], p.Smooth(e[i], b[i]))
		}
	}
}

func TestFitEBPriorNegativeVariance(t *testing.T) {
	// events 0, 2, 10 over 10, 20, 50: m = 0.15, Σb(r−m)²/Σb = 0.005,
	// m/b̄ = 0.005625, so v = −0.000625 < 0.
	e := []float64{0, 2, 10}
	b := []float64{10, 20, 50}
	p := FitEBPrior(e, b)
	if !p.Truncated || p.Var != 0 || !close(p.Rate, 0.15, 1e-15, 0) {
		t.Fatalf("prior %+v, want truncated with Var 0 and Rate 0.15", p)
	}
	for i := range e {
		if got := p.Smooth(e[i], b[i]); !close(got, 0.15, 1e-15, 0) {
			t.Errorf("Smooth(%v, %v) = %v, want full shrinkage to 0.15", e[i], b[i], got)
		}
	}
	// PySAL keeps v < 0: w₀ = −0.000625/(−0.000625 + 0.015) = −1/23, so
	// r₀* = (24/23)·0.15.
	eb := EmpiricalBayes(e, b)
	if !close(eb[0], 24.0/23*0.15, 1e-12, 0) {
		t.Errorf("EmpiricalBayes[0] = %v, want %v", eb[0], 24.0/23*0.15)
	}
}

func TestSids2GlobalPriorTruncation(t *testing.T) {
	// On sids2 the moment estimate is positive, so the truncated prior and
	// PySAL's formula agree there (the reference values pin the latter).
	e, b, _ := sids2(t)
	p := FitEBPrior(e, b)
	if p.Truncated || p.Var <= 0 {
		t.Fatalf("sids2 prior %+v: expected a positive moment variance", p)
	}
	eb := EmpiricalBayes(e, b)
	for i := range e {
		if !close(p.Smooth(e[i], b[i]), eb[i], 1e-12, 0) {
			t.Fatalf("unit %d: Smooth %v, EmpiricalBayes %v", i, p.Smooth(e[i], b[i]), eb[i])
		}
	}
}

func TestEBEdgeCases(t *testing.T) {
	cases := []struct {
		name    string
		e, b    []float64
		abstain error
	}{
		{"no units", nil, nil, ErrNoExposure},
		{"zero exposure", []float64{0, 3}, []float64{0, 0}, ErrNoExposure},
		{"one unit", []float64{2}, []float64{10}, ErrTooFewValues},
		{"no events", []float64{0, 0, 0}, []float64{10, 20, 30}, nil},
		{"identical rates", []float64{1, 2, 3}, []float64{10, 20, 30}, nil},
		{"some zero exposure", []float64{1, 4, 2}, []float64{10, 0, 30}, nil},
		{"huge and tiny", []float64{1e9, 0, 1}, []float64{1e9, 1e-9, 1}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := FitEBPrior(c.e, c.b)
			if !errors.Is(p.Abstain, c.abstain) || (c.abstain == nil && p.Abstain != nil) {
				t.Errorf("Abstain = %v, want %v", p.Abstain, c.abstain)
			}
			finite(t, "prior", p.Rate, p.Var)
			if p.Var < 0 {
				t.Errorf("Var = %v < 0", p.Var)
			}
			for i := range c.e {
				finite(t, "Smooth", p.Smooth(c.e[i], c.b[i]))
			}
			finite(t, "Smooth(0,0)", p.Smooth(0, 0), p.Smooth(3, 0))
			finite(t, "EmpiricalBayes", EmpiricalBayes(c.e, c.b)...)
			finite(t, "ExcessRisk", ExcessRisk(c.e, c.b)...)
			nb := make([][]int, len(c.e))
			for i := range nb {
				for j := range c.e {
					if j != i {
						nb[i] = append(nb[i], j)
					}
				}
			}
			finite(t, "SpatialEmpiricalBayes", SpatialEmpiricalBayes(c.e, c.b, nb)...)
			finite(t, "SpatialRate", SpatialRate(c.e, c.b, nb)...)
			finite(t, "SpatialMedianRate", SpatialMedianRate(c.e, c.b, nb, nil, 2)...)
			finite(t, "SpatialMedianRate/w", SpatialMedianRate(c.e, c.b, nb, c.b, 1)...)
		})
	}
	// a unit with no exposure gets the prior mean; an isolated unit is
	// smoothed on its own
	p := FitEBPrior([]float64{0, 5, 30}, []float64{10, 20, 50})
	if p.Smooth(7, 0) != p.Rate {
		t.Errorf("Smooth with no exposure = %v, want %v", p.Smooth(7, 0), p.Rate)
	}
	if got := ExcessRisk([]float64{0, 0}, []float64{10, 20}); got[0] != 1 || got[1] != 1 {
		t.Errorf("ExcessRisk with no events = %v, want 1s", got)
	}
	s := SpatialEmpiricalBayes([]float64{3, 1}, []float64{10, 0}, [][]int{{1}, {0}})
	if !close(s[0], 0.3, 1e-15, 0) || !close(s[1], 0.3, 1e-15, 0) {
		t.Errorf("SpatialEmpiricalBayes with a zero-exposure neighbour = %v, want 0.3, 0.3", s)
	}
}

func TestEBPanics(t *testing.T) {
	mustPanic(t, "length", func() { FitEBPrior([]float64{1}, []float64{1, 2}) })
	mustPanic(t, "neighbours length", func() { SpatialEmpiricalBayes([]float64{1}, []float64{1}, nil) })
	mustPanic(t, "neighbour index", func() { SpatialRate([]float64{1}, []float64{1}, [][]int{{3}}) })
	mustPanic(t, "weights length", func() { SpatialMedianRate([]float64{1}, []float64{1}, [][]int{{}}, []float64{1, 2}, 1) })
}

func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", name)
		}
	}()
	f()
}
