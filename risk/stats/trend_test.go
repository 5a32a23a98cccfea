package stats

import (
	"errors"
	"math"
	"testing"
)

// rBinomTwoSided is R's binom.test two-sided p-value written as R writes
// it, with a linear scan and direct pmf sums, to check the bisection.
func rBinomTwoSided(x, n int, p float64) float64 {
	pmf := make([]float64, n+1)
	for i := range pmf {
		pmf[i] = binomPMF(i, n, p)
	}
	d := pmf[x]
	m := float64(n) * p
	relErr := 1 + 1e-7
	sum := func(from, to int) (s float64) {
		for i := from; i <= to; i++ {
			s += pmf[i]
		}
		return s
	}
	switch {
	case float64(x) == m:
		return 1
	case float64(x) < m:
		y := 0
		for i := int(math.Ceil(m)); i <= n; i++ {
			if pmf[i] <= d*relErr {
				y++
			}
		}
		return math.Min(1, sum(0, x)+sum(n-y+1, n))
	default:
		y := 0
		for i := 0; i <= int(math.Floor(m)); i++ {
			if pmf[i] <= d*relErr {
				y++
			}
		}
		return math.Min(1, sum(0, y-1)+sum(x, n))
	}
}

func TestRateRatioTestR(t *testing.T) {
	// R's documented example (?poisson.test, eba1977: Fredericia against the
	// other three cities, ages 55–59): poisson.test(c(11, 6+8+7),
	// c(800, 1083+1050+878)) prints p-value = 0.07967, 95% CI 0.8584264
	// 4.2772659, rate ratio 1.971488.
	rr := RateRatioTest(11, 800, 21, 3011)
	if rr.Abstain != nil {
		t.Fatal(rr.Abstain)
	}
	if !close(rr.P, 0.07967, 5e-5, 0) {
		t.Errorf("P = %v, R 0.07967", rr.P)
	}
	if !close(rr.Ratio, 1.971488, 5e-7, 0) {
		t.Errorf("Ratio = %v, R 1.971488", rr.Ratio)
	}
	if !close(rr.Lower, 0.8584264, 1e-7, 0) || !close(rr.Upper, 4.2772659, 1e-7, 0) {
		t.Errorf("CI = %v, %v; R 0.8584264, 4.2772659", rr.Lower, rr.Upper)
	}

	// c(11, 23), c(800, 3011): the ratio is (11/800)/(23/3011) = 1.800054;
	// the p-value (0.1366) is checked against R's algorithm written out.
	rr = RateRatioTest(11, 800, 23, 3011)
	if !close(rr.Ratio, 1.800054, 1e-6, 0) {
		t.Errorf("Ratio = %v, want 1.800054", rr.Ratio)
	}
	if want := rBinomTwoSided(11, 34, 800.0/3811); !close(rr.P, want, 1e-10, 0) {
		t.Errorf("P = %v, R's algorithm %v", rr.P, want)
	}
}

func TestRateRatioTestAgainstScan(t *testing.T) {
	for _, c := range []struct{ c1, t1, c2, t2 float64 }{
		{0, 1, 10, 1}, {10, 1, 0, 1}, {5, 1, 5, 1}, {3, 2, 17, 5}, {40, 12, 60, 24},
		{1, 1, 1, 3}, {200, 1, 150, 1}, {7, 0.3, 2, 0.1}, {0, 5, 1, 5},
	} {
		rr := RateRatioTest(c.c1, c.t1, c.c2, c.t2)
		n := int(c.c1 + c.c2)
		want := rBinomTwoSided(int(c.c1), n, c.t1/(c.t1+c.t2))
		if !close(rr.P, want, 1e-9, 1e-15) {
			t.Errorf("%+v: P = %v, scan %v", c, rr.P, want)
		}
		if math.IsNaN(rr.Ratio) || math.IsNaN(rr.Lower) || math.IsNaN(rr.Upper) || !(rr.P > 0 && rr.P <= 1) {
			t.Errorf("%+v: %+v", c, rr)
		}
		if !(rr.Lower <= rr.Ratio && rr.Ratio <= rr.Upper) {
			t.Errorf("%+v: ratio %v outside its CI %v, %v", c, rr.Ratio, rr.Lower, rr.Upper)
		}
	}
	// equal rates: p = 1
	if rr := RateRatioTest(5, 1, 5, 1); rr.P != 1 || rr.Ratio != 1 {
		t.Errorf("equal: %+v", rr)
	}
	// c2 = 0: ratio +Inf as in R, p from both tails of Bin(10, ½) = 2/1024
	if rr := RateRatioTest(10, 1, 0, 1); !math.IsInf(rr.Ratio, 1) || !close(rr.P, 2.0/1024, 1e-12, 0) {
		t.Errorf("c2 = 0: %+v", rr)
	}
}

func TestRateRatioTestAbstains(t *testing.T) {
	for _, c := range []struct {
		c1, t1, c2, t2 float64
		err            error
	}{
		{0, 10, 0, 10, ErrNoEvents},
		{3, 0, 2, 10, ErrNoExposure},
		{3, 10, 2, 0, ErrNoExposure},
		{3, -1, 2, 10, ErrNoExposure},
		{-3, 10, 0, 10, ErrNoEvents},
	} {
		rr := RateRatioTest(c.c1, c.t1, c.c2, c.t2)
		if !errors.Is(rr.Abstain, c.err) || rr.Ratio != 1 || rr.P != 1 {
			t.Errorf("%+v: %+v", c, rr)
		}
	}
}

func TestPoissonCUSUM(t *testing.T) {
	// k = (2 − 1)/ln 2 = 1.442695; S = 0, 0, 0, 1.557305, 4.114610, 4.671915;
	// first S ≥ 4 at index 4.
	c := PoissonCUSUM([]float64{0, 1, 0, 3, 4, 2}, 1, 2, 4)
	if c.Abstain != nil || !close(c.K, 1/math.Ln2, 1e-15, 0) || c.FirstAlarm != 4 {
		t.Fatalf("%+v", c)
	}
	want := []float64{0, 0, 0, 3 - 1/math.Ln2, 7 - 2/math.Ln2, 9 - 3/math.Ln2}
	for i := range want {
		if !close(c.S[i], want[i], 1e-12, 1e-15) {
			t.Errorf("S[%d] = %v, want %v", i, c.S[i], want[i])
		}
	}
	// no alarm; empty input; mu0 = 0 gives k = 0
	if c := PoissonCUSUM([]float64{1, 1, 1}, 1, 2, 4); c.FirstAlarm != -1 {
		t.Errorf("no alarm: %+v", c)
	}
	if c := PoissonCUSUM(nil, 1, 2, 4); len(c.S) != 0 || c.FirstAlarm != -1 || c.Abstain != nil {
		t.Errorf("empty: %+v", c)
	}
	if c := PoissonCUSUM([]float64{1, 2}, 0, 1, 3); c.K != 0 || c.FirstAlarm != 1 {
		t.Errorf("mu0 = 0: %+v", c)
	}
	// no upward shift: abstain, flat path
	for _, m := range [][2]float64{{2, 1}, {2, 2}, {0, 0}, {-1, -0.5}} {
		c := PoissonCUSUM([]float64{5, 5}, m[0], m[1], 4)
		if !errors.Is(c.Abstain, ErrNoShift) || c.FirstAlarm != -1 || c.S[0] != 0 {
			t.Errorf("mu %v: %+v", m, c)
		}
	}
	mustPanic(t, "h", func() { PoissonCUSUM(nil, 1, 2, 0) })
}
