package stats

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Coverages of the two funnel limits in common use: 95% (z = 1.959964) and
// 99.8% (z = 3.090232). FunnelPlotR's limit = 99 means Coverage998.
const (
	Coverage95  = 0.95
	Coverage998 = 0.998
)

// NormalZ returns the two-sided normal quantile for a coverage:
// Φ⁻¹((1 + coverage)/2), e.g. 1.959964 for 0.95 and 3.090232 for 0.998. It
// panics if coverage is outside (0, 1).
func NormalZ(coverage float64) float64 {
	checkCoverage(coverage)
	return distuv.UnitNormal.Quantile((1 + coverage) / 2)
}

func checkCoverage(c float64) {
	if !(c > 0 && c < 1) {
		panic("stats: coverage outside (0, 1)")
	}
}

// PoissonLimits returns the exact Poisson funnel limits on an indirectly
// standardised ratio O/E with target 1 at the given coverage (0.95 or 0.998
// in practice), exactly as FunnelPlotR computes them (Spiegelhalter 2005,
// via the chi-square form of the Poisson–Gamma relation):
//
//	lo = χ²_{α/2}(2E) / (2E),  hi = χ²_{1−α/2}(2(E+1)) / (2E),  α = 1 − coverage,
//
// where χ²_q(k) is the q-quantile of the chi-square with k degrees of
// freedom. For E = 15, 20, 30 these are FunnelPlotR's published
// 0.5596924–1.649348, 0.6108260–1.544419, 0.6746958–1.427562 (95%) and
// 0.3862650–2.082907, 0.4479107–1.902094, 0.5289724–1.702771 (99.8%).
// A unit lies outside when O/E < lo or O/E > hi (FunnelPlotR counts the
// limits themselves as inside).
//
// With E ≤ 0 nothing can be judged and the funnel is fully open: lo = 0,
// hi = +Inf (the limits as E → 0). It panics if coverage is outside (0, 1).
func PoissonLimits(expected, coverage float64) (lo, hi float64) {
	checkCoverage(coverage)
	if expected <= 0 {
		return 0, math.Inf(1)
	}
	a := (1 - coverage) / 2
	// χ²_q(2k)/2 is the q-quantile of Gamma(k, 1); the upper one is taken
	// from the complemented integral to keep its digits.
	lo = gammaQuantile(expected, a, false) / expected
	hi = gammaQuantile(expected+1, a, true) / expected
	return lo, hi
}

// gammaQuantile returns x with P(G ≤ x) = q (or P(G > x) = q when upper)
// for G ~ Gamma(k, 1). gonum's inverse can fail to converge (NaN) in
// extreme corners; the Wilson–Hilferty approximation stands in then.
func gammaQuantile(k, q float64, upper bool) float64 {
	var x float64
	if upper {
		x = mathext.GammaIncRegCompInv(k, q)
	} else {
		x = mathext.GammaIncRegInv(k, q)
	}
	if !math.IsNaN(x) && !math.IsInf(x, 0) {
		return x
	}
	z := distuv.UnitNormal.Quantile(q)
	if upper {
		z = -z
	}
	c := 1 / (9 * k)
	return math.Max(0, k*math.Pow(1-c+z*math.Sqrt(c), 3))
}

// PoissonFunnelZ returns the z-score of an observed count O against its
// expected count E under O ~ Poisson(E): the normal equivalent of the
// exact mid-p tail probability,
//
//	z = Φ⁻¹(P(X < O) + ½P(X = O)),  X ~ Poisson(E),
//
// computed from whichever tail is smaller so that it keeps its precision
// far out (Spiegelhalter 2005 §3 uses the exact tail for Poisson counts;
// the mid-p correction makes z ≈ 0 at O = E and symmetric in meaning). It is
// chosen over the SHMI score √E·ln(O/E) because it is exact for small
// counts and finite at O = 0: z = Φ⁻¹(½e^{−E}) < 0. Where the tail
// underflows float64 (|z| ≳ 37) it uses the signed deviance residual
// sign(O − E)·√(2(O·ln(O/E) − (O − E))), which agrees there to a fraction
// of a percent. E ≤ 0 gives 0 (no expectation, no evidence).
//
// |z| > NormalZ(c) is close to, but not the same as, O/E falling outside
// PoissonLimits(E, c), which follows FunnelPlotR's chi-square form; use
// PoissonLimits to flag outliers and this z to rank. A non-integer O uses
// the continuous extension through the regularised incomplete gamma.
func PoissonFunnelZ(observed, expected float64) float64 {
	if expected <= 0 {
		return 0
	}
	o := math.Max(observed, 0)
	lg, _ := math.Lgamma(o + 1)
	pmf := math.Exp(o*math.Log(expected) - expected - lg)
	below := 0.0 // P(X < O)
	if o > 0 {
		below = mathext.GammaIncRegComp(o, expected)
	}
	above := mathext.GammaIncReg(o+1, expected) // P(X > O)
	lower, upper := below+pmf/2, above+pmf/2
	const tiny = 1e-300
	if lower <= upper {
		if lower > tiny {
			return distuv.UnitNormal.Quantile(lower)
		}
	} else if upper > tiny {
		return -distuv.UnitNormal.Quantile(upper)
	}
	return devianceZ(o, expected)
}

// devianceZ is the signed Poisson deviance residual of o against e > 0.
func devianceZ(o, e float64) float64 {
	d := 2 * (e - o)
	if o > 0 {
		d = 2 * (o*math.Log(o/e) - (o - e))
	}
	z := math.Sqrt(math.Max(d, 0))
	if o < e {
		return -z
	}
	return z
}

// FunnelSide reports where a ratio lies against funnel limits: −1 below lo,
// +1 above hi, 0 within (the limits themselves count as within, as in
// FunnelPlotR's outlier flag).
func FunnelSide(ratio, lo, hi float64) int {
	switch {
	case ratio < lo:
		return -1
	case ratio > hi:
		return 1
	}
	return 0
}

// BinomialLimits returns exact funnel limits on a proportion y = r/n with
// target proportion p0 and denominator n at the given coverage, by the
// interpolated binomial quantile of Spiegelhalter (2005, "Funnel plots for
// comparing institutional performance", Statistics in Medicine 24:1185,
// appendix A.1.1): for q = α/2 and 1 − α/2, with R ~ Bin(n, p0), rq the
// smallest r with P(R ≤ r) ≥ q and
//
//	a = (P(R ≤ rq) − q) / P(R = rq),  limit = (rq − a)/n,
//
// which turns the step-shaped discrete quantile into a smooth funnel; a
// lower limit that the interpolation puts below 0 is 0. n is rounded to the
// nearest integer; n < 1 gives the open funnel lo = 0, hi = 1; p0 is
// clamped to [0, 1]. It panics if coverage is outside (0, 1).
func BinomialLimits(n, p0, coverage float64) (lo, hi float64) {
	checkCoverage(coverage)
	m := int(math.Round(n))
	if m < 1 {
		return 0, 1
	}
	p0 = math.Min(math.Max(p0, 0), 1)
	a := (1 - coverage) / 2
	return binomialQuantileInterp(a, m, p0), binomialQuantileInterp(1-a, m, p0)
}

// binomCDF is P(R ≤ r) for R ~ Bin(n, p).
func binomCDF(r, n int, p float64) float64 {
	switch {
	case r < 0:
		return 0
	case r >= n:
		return 1
	case p <= 0:
		return 1
	case p >= 1:
		return 0
	}
	return mathext.RegIncBeta(float64(n-r), float64(r+1), 1-p)
}

func binomialQuantileInterp(q float64, n int, p float64) float64 {
	// smallest r in [0, n] with CDF(r) >= q
	lo, hi := 0, n
	for lo < hi {
		mid := (lo + hi) / 2
		if binomCDF(mid, n, p) >= q {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	r := lo
	f := binomCDF(r, n, p)
	mass := f - binomCDF(r-1, n, p)
	a := 0.0
	if mass > 0 {
		a = (f - q) / mass
	}
	return math.Min(math.Max((float64(r)-a)/float64(n), 0), 1)
}
