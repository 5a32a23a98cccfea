package stats

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// RateRatio is the result of [RateRatioTest].
//
// Ratio is (c1/t1)/(c2/t2); P the two-sided exact p-value; Lower and Upper
// the 95% confidence interval of the ratio. When the reference window has
// no events (c2 = 0 < c1) Ratio and Upper are +Inf, as in R. Abstain is
// ErrNoExposure when t1 or t2 is not positive and ErrNoEvents when
// c1 + c2 = 0; the neutral answer is then Ratio 1, P 1, Lower 0, Upper
// +Inf.
type RateRatio struct {
	Ratio, P     float64
	Lower, Upper float64
	Abstain      error
}

// RateRatioTest compares the event rate of a recent window (c1 events in
// exposure t1) with a reference window (c2 in t2) by the exact conditional
// test of R's poisson.test(c(c1, c2), c(t1, t2)): given n = c1 + c2, under
// equal rates c1 ~ Bin(n, π), π = t1/(t1 + t2), and the test is
// binom.test(c1, n, π):
//
//   - the two-sided p-value sums the probabilities of all outcomes no more
//     likely than c1 (with R's relative tolerance 1 + 1e-7), capped at 1;
//   - the 95% interval is Clopper–Pearson's [pL, pU] for π mapped to the
//     ratio scale by p/(1 − p)·t2/t1.
//
// For R's documented example poisson.test(c(11, 6+8+7), c(800,
// 1083+1050+878)) it gives, as R prints, rate ratio 1.971488, p = 0.07967
// and 95% CI 0.8584264–4.2772659. Counts are rounded to integers (R
// requires them) and negative counts taken as 0.
func RateRatioTest(c1, t1, c2, t2 float64) RateRatio {
	neutral := RateRatio{Ratio: 1, P: 1, Lower: 0, Upper: math.Inf(1)}
	if !(t1 > 0 && t2 > 0) {
		neutral.Abstain = ErrNoExposure
		return neutral
	}
	x := int(math.Round(math.Max(c1, 0)))
	y := int(math.Round(math.Max(c2, 0)))
	n := x + y
	if n == 0 {
		neutral.Abstain = ErrNoEvents
		return neutral
	}
	p := t1 / (t1 + t2)
	rr := RateRatio{P: binomTwoSidedP(x, n, p)}
	if y == 0 {
		rr.Ratio = math.Inf(1)
	} else {
		rr.Ratio = (float64(x) / t1) / (float64(y) / t2)
	}
	const alpha = 0.025 // (1 − 0.95)/2
	pL, pU := 0.0, 1.0
	if x > 0 {
		pL = mathext.InvRegIncBeta(float64(x), float64(n-x+1), alpha)
	}
	if x < n {
		pU = mathext.InvRegIncBeta(float64(x+1), float64(n-x), 1-alpha)
	}
	rr.Lower = pL / (1 - pL) * t2 / t1
	if pU >= 1 {
		rr.Upper = math.Inf(1)
	} else {
		rr.Upper = pU / (1 - pU) * t2 / t1
	}
	return rr
}

// binomPMF is P(X = k) for X ~ Bin(n, p), 0 < p < 1.
func binomPMF(k, n int, p float64) float64 {
	if k < 0 || k > n {
		return 0
	}
	ln, _ := math.Lgamma(float64(n + 1))
	lk, _ := math.Lgamma(float64(k + 1))
	lnk, _ := math.Lgamma(float64(n - k + 1))
	return math.Exp(ln - lk - lnk + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
}

// binomSurv is P(X > k) for X ~ Bin(n, p).
func binomSurv(k, n int, p float64) float64 {
	switch {
	case k < 0:
		return 1
	case k >= n:
		return 0
	}
	return mathext.RegIncBeta(float64(k+1), float64(n-k), p)
}

// binomTwoSidedP is R's binom.test two-sided p-value for x successes in n
// trials against p (0 < p < 1). The pmf is monotone on each side of n·p, so
// the count of outcomes at most as likely as x is found by bisection.
func binomTwoSidedP(x, n int, p float64) float64 {
	const relErr = 1 + 1e-7
	d := binomPMF(x, n, p) * relErr
	m := float64(n) * p
	switch {
	case float64(x) == m:
		return 1
	case float64(x) < m:
		// first i in [ceil(m), n] with pmf(i) <= d; pmf non-increasing there
		lo, hi := int(math.Ceil(m)), n+1
		for lo < hi {
			mid := (lo + hi) / 2
			if binomPMF(mid, n, p) <= d {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		y := n + 1 - lo
		return math.Min(1, binomCDF(x, n, p)+binomSurv(n-y, n, p))
	default:
		// first i in [0, floor(m)] with pmf(i) > d; pmf non-decreasing there
		lo, hi := 0, int(math.Floor(m))+1
		for lo < hi {
			mid := (lo + hi) / 2
			if binomPMF(mid, n, p) > d {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		y := lo
		return math.Min(1, binomCDF(y-1, n, p)+binomSurv(x-1, n, p))
	}
}

// CUSUM is the result of [PoissonCUSUM]: the reference value K, the
// decision interval H, the path S (one value per count), and FirstAlarm,
// the index of the first count at which S reached H (−1 if none). Abstain
// is ErrNoShift when the out-of-control mean is not above the in-control
// mean (S is then all zeros).
type CUSUM struct {
	K, H       float64
	S          []float64
	FirstAlarm int
	Abstain    error
}

// PoissonCUSUM runs the upper Poisson CUSUM of Lucas (1985, "Counted data
// CUSUM's", Technometrics 27:129–144) over counts per period, designed to
// detect a shift of the mean from mu0 (in control) to mu1 > mu0:
//
//	k = (mu1 − mu0) / (ln mu1 − ln mu0),
//	S₀ = 0,  Sₜ = max(0, Sₜ₋₁ + xₜ − k),  alarm when Sₜ ≥ h.
//
// The path continues after an alarm (no reset). mu0 = 0 gives k = 0, the
// limit of the formula. It abstains with ErrNoShift when mu1 ≤ mu0 or
// mu1 is not positive; mu0 < 0 is taken as 0. It panics if h ≤ 0 (a
// configuration bug).
func PoissonCUSUM(counts []float64, mu0, mu1, h float64) CUSUM {
	if !(h > 0) {
		panic("stats: CUSUM decision interval h must be positive")
	}
	c := CUSUM{H: h, S: make([]float64, len(counts)), FirstAlarm: -1}
	mu0 = math.Max(mu0, 0)
	if !(mu1 > mu0) {
		c.Abstain = ErrNoShift
		return c
	}
	if mu0 > 0 {
		c.K = (mu1 - mu0) / (math.Log(mu1) - math.Log(mu0))
	}
	var s float64
	for t, x := range counts {
		s = math.Max(0, s+x-c.K)
		c.S[t] = s
		if c.FirstAlarm < 0 && s >= h {
			c.FirstAlarm = t
		}
	}
	return c
}
