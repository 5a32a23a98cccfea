package stats

import (
	"math"
	"sort"
)

// EBPrior is a Gamma prior for unit rates fitted by the method of moments,
// after Marshall (1991), "Mapping disease and mortality rates using
// empirical Bayes estimators", Applied Statistics 40:283–294, as PySAL esda
// computes it (esda.smoothing.Empirical_Bayes).
//
// Rate is the prior mean m = Σe/Σb and Var the prior variance
// v = Σbᵢ(rᵢ − m)²/Σb − m/b̄, with rᵢ = eᵢ/bᵢ and b̄ the mean exposure. The
// Gamma prior has shape m²/v and rate m/v. Truncated reports that the moment
// estimate of v was negative and has been set to 0 (the rates vary less than
// Poisson noise alone would make them: every unit is shrunk fully to m). N is
// the number of units with positive exposure that the fit used.
//
// Abstain is nil, or ErrNoExposure when no unit has positive exposure (Rate
// and Var are then 0), or ErrTooFewValues when only one unit has (Rate is
// its rate and Var 0).
type EBPrior struct {
	Rate, Var float64
	Truncated bool
	N         int
	Abstain   error
}

// FitEBPrior fits the global Gamma prior of Marshall (1991) by the method of
// moments to events eᵢ over exposures bᵢ:
//
//	m = Σe/Σb,  v = Σbᵢ(eᵢ/bᵢ − m)²/Σb − m/b̄,  v truncated at 0.
//
// The truncation at 0 is the standard choice (Marshall 1991; Bailey &
// Gatrell 1995); PySAL's Empirical_Bayes leaves v negative, which
// [EmpiricalBayes] reproduces. Units with exposure ≤ 0 carry no
// information and are left out of every sum, including the count behind
// the mean exposure b̄. It panics if the slices differ in length.
func FitEBPrior(events, exposure []float64) EBPrior {
	m, v, n := ebMoments(events, exposure)
	p := EBPrior{Rate: m, Var: v, N: n}
	switch {
	case n == 0:
		p.Abstain = ErrNoExposure
	case n == 1:
		p.Abstain = ErrTooFewValues
	}
	if p.Var < 0 {
		p.Var = 0
		p.Truncated = true
	}
	return p
}

// ebMoments returns the prior mean m, the untruncated moment estimate v of
// the prior variance, and the number of units with positive exposure.
func ebMoments(events, exposure []float64) (m, v float64, n int) {
	if len(events) != len(exposure) {
		panic(errLength)
	}
	var sumE, sumB float64
	for i, b := range exposure {
		if b > 0 {
			sumE += count(events[i])
			sumB += b
			n++
		}
	}
	if n == 0 {
		return 0, 0, 0
	}
	m = sumE / sumB
	var ss float64
	for i, b := range exposure {
		if b > 0 {
			d := count(events[i])/b - m
			ss += b * d * d
		}
	}
	meanB := sumB / float64(n)
	return m, ss/sumB - m/meanB, n
}

// Weight returns the shrinkage weight w = v/(v + m/b) that the posterior
// mean gives to a unit's own rate: 0 when the unit has no exposure or the
// prior variance is 0, approaching 1 as the exposure grows.
func (p EBPrior) Weight(exposure float64) float64 {
	if exposure <= 0 || p.Var <= 0 || p.Rate < 0 {
		return 0
	}
	return p.Var / (p.Var + p.Rate/exposure)
}

// Smooth returns the posterior mean rate of a unit with the given events and
// exposure under the prior (Marshall 1991):
//
//	r* = w·e/b + (1 − w)·m,  w = v/(v + m/b),
//
// which equals (e + α)/(b + β) for the Gamma(α = m²/v, β = m/v) prior. A
// unit with exposure ≤ 0, or a prior with Var 0, gets the prior mean m.
func (p EBPrior) Smooth(events, exposure float64) float64 {
	w := p.Weight(exposure)
	if w == 0 {
		return p.Rate
	}
	return w*(count(events)/exposure) + (1-w)*p.Rate
}

// EmpiricalBayes returns the empirical Bayes smoothed rate of each unit
// exactly as PySAL esda.smoothing.Empirical_Bayes computes it (Marshall
// 1991, global method of moments):
//
//	m = Σe/Σb; rᵢ = eᵢ/bᵢ; v = Σbᵢ(rᵢ − m)²/Σb − m/b̄;
//	wᵢ = v/(v + m/bᵢ); rᵢ* = wᵢrᵢ + (1 − wᵢ)m.
//
// Unlike [FitEBPrior], v is not truncated at 0, so with a negative v the
// weights fall outside [0, 1] as in PySAL; use FitEBPrior and
// [EBPrior.Smooth] for scoring. Where PySAL would divide by zero the result
// is m: units with exposure ≤ 0 (which are also left out of the moments)
// and units where v + m/bᵢ = 0. It panics if the slices differ in length.
func EmpiricalBayes(events, exposure []float64) []float64 {
	m, v, _ := ebMoments(events, exposure)
	out := make([]float64, len(events))
	for i, b := range exposure {
		out[i] = shrink(events[i], b, m, v)
	}
	return out
}

// shrink is the Marshall posterior mean with a given (possibly negative)
// v, returning m where the formula would divide by zero.
func shrink(e, b, m, v float64) float64 {
	if b <= 0 {
		return m
	}
	den := v + m/b
	if den == 0 {
		return m
	}
	w := v / den
	return w*(count(e)/b) + (1-w)*m
}

// ExcessRisk returns each unit's ratio of observed to expected events,
// eᵢ/(bᵢ·m) with m = Σe/Σb, as PySAL esda.smoothing.Excess_Risk. A unit
// whose expected count bᵢ·m is 0 (no exposure, or no events anywhere) gets
// 1: no evidence either way. Units with exposure ≤ 0 are left out of m. It
// panics if the slices differ in length.
func ExcessRisk(events, exposure []float64) []float64 {
	m, _, _ := ebMoments(events, exposure)
	out := make([]float64, len(events))
	for i, b := range exposure {
		expected := b * m
		if b <= 0 || expected <= 0 {
			out[i] = 1
			continue
		}
		out[i] = count(events[i]) / expected
	}
	return out
}

// SpatialEmpiricalBayes returns the local empirical Bayes smoothed rate of
// each unit as PySAL esda.smoothing.Spatial_Empirical_Bayes computes it:
// the prior mean and variance are the moments over the unit i and its
// neighbours Nᵢ = neighbours[i] (indices into events), Sᵢ = {i} ∪ Nᵢ:
//
//	mᵢ = Σ_{Sᵢ} e / Σ_{Sᵢ} b   (PySAL's Spatial_Rate),
//	vᵢ = Σ_{j∈Sᵢ} bⱼ(rⱼ − mᵢ)² / Σ_{Sᵢ} b − mᵢ/(Σ_{Sᵢ} b / |Sᵢ|),  truncated at 0,
//	rᵢ* = mᵢ + (rᵢ − mᵢ)·vᵢ/(vᵢ + mᵢ/bᵢ).
//
// Neighbours with exposure ≤ 0 are left out of Sᵢ. A unit whose Sᵢ has no
// exposure at all gets the global rate Σe/Σb (0 if there is no exposure
// anywhere); a unit with exposure ≤ 0 gets mᵢ; where vᵢ + mᵢ/bᵢ = 0 the
// result is mᵢ. A unit listed among its own neighbours is counted once. It
// panics if the slices differ in length or a neighbour index is out of
// range.
func SpatialEmpiricalBayes(events, exposure []float64, neighbours [][]int) []float64 {
	checkNeighbours(len(events), exposure, neighbours)
	global, _, _ := ebMoments(events, exposure)
	out := make([]float64, len(events))
	var set []int
	for i := range events {
		set = disk(set[:0], i, neighbours[i], exposure)
		sumE, sumB := pooled(set, events, exposure)
		if sumB <= 0 {
			out[i] = global
			continue
		}
		m := sumE / sumB
		var ss float64
		for _, j := range set {
			d := count(events[j])/exposure[j] - m
			ss += exposure[j] * d * d
		}
		v := ss/sumB - m/(sumB/float64(len(set)))
		if v < 0 {
			v = 0
		}
		out[i] = shrink(events[i], exposure[i], m, v)
	}
	return out
}

// pooled sums the events and the exposure of the units in set.
func pooled(set []int, events, exposure []float64) (sumE, sumB float64) {
	for _, j := range set {
		sumE += count(events[j])
		sumB += exposure[j]
	}
	return sumE, sumB
}

// SpatialRate returns each unit's rate pooled over itself and its
// neighbours, (eᵢ + Σ_{Nᵢ} e)/(bᵢ + Σ_{Nᵢ} b), as PySAL
// esda.smoothing.Spatial_Rate (binary weights). Units with exposure ≤ 0 add
// nothing; a unit whose pool has no exposure gets the global rate Σe/Σb (0
// if there is none). It panics if the slices differ in length or a
// neighbour index is out of range.
func SpatialRate(events, exposure []float64, neighbours [][]int) []float64 {
	checkNeighbours(len(events), exposure, neighbours)
	global, _, _ := ebMoments(events, exposure)
	out := make([]float64, len(events))
	var set []int
	for i := range events {
		set = disk(set[:0], i, neighbours[i], exposure)
		sumE, sumB := pooled(set, events, exposure)
		if sumB <= 0 {
			out[i] = global
			continue
		}
		out[i] = sumE / sumB
	}
	return out
}

// SpatialMedianRate returns the spatial median rate smoother of PySAL
// esda.smoothing.Spatial_Median_Rate: starting from the crude rates
// rᵢ = eᵢ/bᵢ, each iteration replaces rᵢ by the median of the rates of i
// and its neighbours — numpy's median when weights is nil, otherwise
// PySAL's weighted_median with the auxiliary weights (the first sorted
// value whose cumulative weight reaches half the total, or the mean of it
// and the next when the cumulative weight equals half exactly).
//
// Before the first iteration, units with exposure ≤ 0 have no rate and are
// left out of every median; a unit whose disk then has no rate gets the
// global rate Σe/Σb. iterations < 1 is taken as 1. It panics if the slices
// differ in length or a neighbour index is out of range.
func SpatialMedianRate(events, exposure []float64, neighbours [][]int, weights []float64, iterations int) []float64 {
	checkNeighbours(len(events), exposure, neighbours)
	if weights != nil && len(weights) != len(events) {
		panic(errLength)
	}
	global, _, _ := ebMoments(events, exposure)
	r := make([]float64, len(events))
	valid := make([]bool, len(events))
	for i, b := range exposure {
		if b > 0 {
			r[i] = count(events[i]) / b
			valid[i] = true
		}
	}
	if iterations < 1 {
		iterations = 1
	}
	type rw struct{ r, w float64 }
	var vals []rw
	next := make([]float64, len(r))
	for it := 0; it < iterations; it++ {
		for i := range r {
			vals = vals[:0]
			add := func(j int) {
				if valid[j] {
					w := 1.0
					if weights != nil {
						w = weights[j]
					}
					vals = append(vals, rw{r[j], w})
				}
			}
			add(i)
			for _, j := range neighbours[i] {
				if j != i {
					add(j)
				}
			}
			if len(vals) == 0 {
				next[i] = global
				continue
			}
			sort.Slice(vals, func(a, b int) bool {
				if vals[a].r != vals[b].r {
					return vals[a].r < vals[b].r
				}
				return vals[a].w < vals[b].w
			})
			if weights == nil {
				k := len(vals)
				if k%2 == 1 {
					next[i] = vals[k/2].r
				} else {
					next[i] = (vals[k/2-1].r + vals[k/2].r) / 2
				}
				continue
			}
			next[i] = weightedMedian(func(k int) (float64, float64) { return vals[k].r, vals[k].w }, len(vals))
		}
		r, next = next, r
		for i := range valid {
			valid[i] = true
		}
	}
	return r
}

// weightedMedian follows PySAL esda.smoothing.weighted_median on values
// already sorted ascending: the first value whose cumulative weight reaches
// half the total weight, or the mean of it and the next value when the
// cumulative weight equals half exactly.
func weightedMedian(at func(k int) (v, w float64), n int) float64 {
	var total float64
	for k := 0; k < n; k++ {
		_, w := at(k)
		total += w
	}
	half := total / 2
	var cum float64
	for k := 0; k < n; k++ {
		v, w := at(k)
		cum += w
		if cum >= half {
			if cum == half && k < n-1 {
				v2, _ := at(k + 1)
				return (v + v2) / 2
			}
			return v
		}
	}
	v, _ := at(n - 1)
	return v
}

// disk appends to set the unit i (if it has exposure) and its distinct
// neighbours with exposure.
func disk(set []int, i int, nb []int, exposure []float64) []int {
	if exposure[i] > 0 {
		set = append(set, i)
	}
	for _, j := range nb {
		if j == i || exposure[j] <= 0 {
			continue
		}
		dup := false
		for _, k := range set {
			if k == j {
				dup = true
				break
			}
		}
		if !dup {
			set = append(set, j)
		}
	}
	return set
}

// count returns an event count, negative counts (bad data) taken as 0.
func count(e float64) float64 { return math.Max(e, 0) }

func checkNeighbours(n int, exposure []float64, neighbours [][]int) {
	if len(exposure) != n || len(neighbours) != n {
		panic(errLength)
	}
	for _, nb := range neighbours {
		for _, j := range nb {
			if j < 0 || j >= n {
				panic("stats: neighbour index out of range")
			}
		}
	}
}
