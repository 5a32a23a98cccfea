package stats

import (
	"math"
	"sort"
)

// ODMethod selects how funnel z-scores are formed and how overdispersion is
// estimated from them.
type ODMethod int

const (
	// SHMI is the NHS Digital SHMI method, FunnelPlotR's default for
	// standardised ratios: z = √E·ln(O/E) (log scale, s = 1/√E); the 10% of
	// units at each end of the z ranking are dropped (truncation); φ is the
	// mean of the remaining z²; the additive random-effects variance τ²
	// (DerSimonian & Laird 1986) widens the limits to exp(±z·√(1/E + τ²)).
	SHMI ODMethod = iota + 1
	// Spiegelhalter is the multiplicative method of Spiegelhalter (2005,
	// "Handling over-dispersion of performance indicators", Qual Saf
	// Health Care 14:347) on the square-root scale used by FunnelPlotR's
	// "CQC" option: z = (√(O/E) − 1)/s = 2(√O − √E), s = 1/(2√E); the z are
	// winsorised at the 10% and 90% quantiles (R type 7); φ is the mean of
	// the winsorised z²; limits are (1 ± z·√φ·s)², φ taken as at least 1.
	Spiegelhalter
)

// DefaultTrim is the share of units winsorised or truncated at each end
// before φ is estimated (Spiegelhalter 2005; NHS Digital SHMI; FunnelPlotR's
// trim_by = 0.1).
const DefaultTrim = 0.1

// String returns "SHMI" or "Spiegelhalter".
func (m ODMethod) String() string {
	switch m {
	case SHMI:
		return "SHMI"
	case Spiegelhalter:
		return "Spiegelhalter"
	}
	return "ODMethod(?)"
}

// Overdispersion is an overdispersion estimate for a funnel plot of
// observed counts O against expected counts E (Spiegelhalter 2005;
// FunnelPlotR).
//
// Phi is the dispersion ratio φ = Σz²/N over the N z-scores kept after
// truncation (SHMI) or winsorising (Spiegelhalter); φ > 1 means more spread
// than Poisson. Tau2 is the between-unit variance on the transformed scale
// (DerSimonian & Laird 1986, as FunnelPlotR's tau_func):
//
//	τ² = max(0, (Nφ − (N − 1)) / (Σw − Σw²/Σw)),  wᵢ = 1/sᵢ²,
//
// over the same N units (wᵢ = Eᵢ for SHMI, 4Eᵢ for Spiegelhalter). Abstain
// is ErrTooFewValues when fewer than two units with E > 0 remain; Phi is
// then 1 and Tau2 0, so the limits are the unadjusted normal ones.
type Overdispersion struct {
	Method    ODMethod
	Phi, Tau2 float64
	N         int
	Abstain   error
}

// FunnelZ returns the unadjusted z-score of O against E on the method's
// transformed scale, as FunnelPlotR's transformed_zscore: √E·ln(O/E) for
// SHMI and 2(√O − √E) for Spiegelhalter. E ≤ 0 gives 0. For SHMI, O = 0
// (where R gives −Inf) is replaced by O = 0.5 so that z stays finite; a
// unit with O = 0 ranks lowest either way and is normally among those
// truncated.
func FunnelZ(observed, expected float64, method ODMethod) float64 {
	if expected <= 0 {
		return 0
	}
	o := math.Max(observed, 0)
	if method == Spiegelhalter {
		return 2 * (math.Sqrt(o) - math.Sqrt(expected))
	}
	if o == 0 {
		o = 0.5
	}
	return math.Sqrt(expected) * math.Log(o/expected)
}

// FitOverdispersion estimates φ and τ² from observed and expected counts as
// FunnelPlotR 0.6 does for standardised ratios (data_type "SR"):
//
// SHMI: zᵢ = √Eᵢ·ln(Oᵢ/Eᵢ); with k = 1/trim, rank the z (ties averaged)
// and drop unit i unless 0 < ⌊rankᵢ·k/(n + 1)⌋ < k − 1 (so with n = 54
// and trim 0.1 the five lowest and five highest go); φ and τ² from the
// rest. On medpar this gives φ = 8.53285128924864 and
// τ² = 0.0284102322745188; on FunnelPlotR's six-group fixture nothing is
// dropped and φ = 2.948033.
//
// Spiegelhalter: zᵢ = 2(√Oᵢ − √Eᵢ), winsorised at the trim and 1 − trim
// type-7 quantiles; φ and τ² from all n.
//
// Units with E ≤ 0 are left out. trim 0 keeps every unit. It panics if
// the slices differ in length, trim is outside [0, 0.5) or the method is
// unknown.
func FitOverdispersion(observed, expected []float64, method ODMethod, trim float64) Overdispersion {
	if len(observed) != len(expected) {
		panic(errLength)
	}
	if !(trim >= 0 && trim < 0.5) {
		panic("stats: trim outside [0, 0.5)")
	}
	if method != SHMI && method != Spiegelhalter {
		panic("stats: unknown overdispersion method")
	}
	var z, w []float64
	for i, e := range expected {
		if e > 0 {
			z = append(z, FunnelZ(observed[i], e, method))
			if method == Spiegelhalter {
				w = append(w, 4*e)
			} else {
				w = append(w, e)
			}
		}
	}
	od := Overdispersion{Method: method, Phi: 1}
	if method == SHMI {
		keep := shmiKeep(z, trim)
		z, w = filter(z, keep), filter(w, keep)
	} else if trim > 0 {
		z = Winsorize(z, trim)
	}
	od.N = len(z)
	if od.N < 2 {
		od.Abstain = ErrTooFewValues
		return od
	}
	var ss float64
	for _, v := range z {
		ss += v * v
	}
	od.Phi = ss / float64(od.N)
	od.Tau2 = tau2(od.N, od.Phi, w)
	return od
}

// shmiKeep returns which z-scores survive the SHMI truncation of
// FunnelPlotR's truncation(): rank (ties averaged), sp = ⌊rank·k/(n+1)⌋,
// keep 0 < sp < k − 1, k = 1/trim.
func shmiKeep(z []float64, trim float64) []bool {
	keep := make([]bool, len(z))
	if trim == 0 {
		for i := range keep {
			keep[i] = true
		}
		return keep
	}
	k := 1 / trim
	rk := averageRanks(z)
	n := float64(len(z))
	for i, r := range rk {
		sp := math.Floor(r * k / (n + 1))
		keep[i] = sp > 0 && sp < k-1
	}
	return keep
}

func filter(x []float64, keep []bool) []float64 {
	var out []float64
	for i, v := range x {
		if keep[i] {
			out = append(out, v)
		}
	}
	return out
}

// tau2 is the DerSimonian–Laird between-unit variance from φ over n units
// with inverse-variance weights w (FunnelPlotR tau_func).
func tau2(n int, phi float64, w []float64) float64 {
	nf := float64(n)
	if nf*phi < nf-1 {
		return 0
	}
	var sw, sw2 float64
	for _, v := range w {
		sw += v
		sw2 += v * v
	}
	den := sw - sw2/sw
	if !(den > 0) {
		return 0
	}
	return math.Max(0, (nf*phi-(nf-1))/den)
}

// averageRanks returns 1-based ranks with ties given their average rank
// (R's rank(ties.method = "average")).
func averageRanks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	rk := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		r := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			rk[idx[k]] = r
		}
		i = j + 1
	}
	return rk
}

// Limits returns the overdispersion-adjusted funnel limits on O/E (target
// 1) at expected count E and the given coverage, in the method's own form:
//
//	SHMI:          exp(±z·√(1/E + τ²))                (FunnelPlotR, NHS Digital)
//	Spiegelhalter: (max(0, 1 − z·√φ·s))², (1 + z·√φ·s)², s = 1/(2√E), φ ≥ 1
//
// with z = NormalZ(coverage). FunnelPlotR rounds z to 1.959964 and
// 3.090232, so its limits differ from these by about 1e-7 relative. E ≤ 0
// gives the open funnel 0, +Inf. It panics if coverage is outside (0, 1).
func (od Overdispersion) Limits(expected, coverage float64) (lo, hi float64) {
	z := NormalZ(coverage)
	if expected <= 0 {
		return 0, math.Inf(1)
	}
	if od.Method == Spiegelhalter {
		half := z * math.Sqrt(math.Max(od.Phi, 1)) / (2 * math.Sqrt(expected))
		return sqr(math.Max(0, 1-half)), sqr(1 + half)
	}
	return od.RandomEffectsLimits(expected, coverage)
}

// RandomEffectsLimits returns the additive random-effects limits on O/E at
// expected count E: on the method's scale, target ± z·√(s² + τ²),
// transformed back — exp(±z·√(1/E + τ²)) for SHMI and
// (1 ± z·√(1/(4E) + τ²))² for Spiegelhalter (FunnelPlotR's CQC limits; the
// lower one floored at 0 before squaring). E ≤ 0 gives 0, +Inf. It panics
// if coverage is outside (0, 1).
func (od Overdispersion) RandomEffectsLimits(expected, coverage float64) (lo, hi float64) {
	z := NormalZ(coverage)
	if expected <= 0 {
		return 0, math.Inf(1)
	}
	if od.Method == Spiegelhalter {
		half := z * math.Sqrt(1/(4*expected)+od.Tau2)
		return sqr(math.Max(0, 1-half)), sqr(1 + half)
	}
	half := z * math.Sqrt(1/expected+od.Tau2)
	return math.Exp(-half), math.Exp(half)
}

// Z returns the overdispersion-adjusted z-score of O against E: for SHMI
// ln(O/E)/√(1/E + τ²) (O = 0 taken as 0.5), for Spiegelhalter the
// unadjusted FunnelZ divided by √φ (φ ≥ 1). E ≤ 0 gives 0. |Z| above
// NormalZ(c) is the same test as O/E outside Limits(E, c).
func (od Overdispersion) Z(observed, expected float64) float64 {
	if expected <= 0 {
		return 0
	}
	z := FunnelZ(observed, expected, od.Method)
	if od.Method == Spiegelhalter {
		return z / math.Sqrt(math.Max(od.Phi, 1))
	}
	// z = √E·ln(O/E) = ln(O/E)/s with s² = 1/E
	return z / math.Sqrt(expected) / math.Sqrt(1/expected+od.Tau2)
}

func sqr(x float64) float64 { return x * x }
