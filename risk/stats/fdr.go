package stats

import (
	"math"
	"sort"
)

// AdjustBH returns the Benjamini–Hochberg (1995) adjusted p-values
// ("q-values") of p, in p's order, exactly as R's
// p.adjust(p, method = "BH"):
//
//	q₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎/j),
//
// over the p-values sorted ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎. Rejecting the
// hypotheses with qᵢ ≤ α controls the false-discovery rate at α when the
// tests are independent or positively dependent (PRDS; Benjamini &
// Yekutieli 2001, Theorem 1.2).
//
// A NaN p-value is taken as 1 (no evidence) and counted among the m tests,
// so that a test that could not be computed never makes the others easier
// to reject; R would instead leave it out (na.rm) and return NA. It
// returns nil for no p-values.
func AdjustBH(p []float64) []float64 { return adjustStepUp(p, 1) }

// AdjustBY returns the Benjamini–Yekutieli (2001) adjusted p-values of p,
// as R's p.adjust(p, method = "BY"): the BH adjustment multiplied by
// c(m) = Σ_{i=1..m} 1/i (capped at 1),
//
//	q₍ᵢ₎ = min_{j ≥ i} min(1, c(m)·m·p₍ⱼ₎/j),
//
// which controls the false-discovery rate under any dependence between
// the tests, at the price of about ln(m) + 0.58 times fewer rejections'
// worth of threshold. NaN is taken as 1, as in [AdjustBH].
func AdjustBY(p []float64) []float64 {
	var c float64
	for i := 1; i <= len(p); i++ {
		c += 1 / float64(i)
	}
	return adjustStepUp(p, c)
}

// adjustStepUp is the step-up adjustment min_{j ≥ i} min(1, c·m·p₍ⱼ₎/j).
func adjustStepUp(p []float64, c float64) []float64 {
	m := len(p)
	if m == 0 {
		return nil
	}
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	val := func(i int) float64 {
		if math.IsNaN(p[i]) {
			return 1
		}
		return math.Min(math.Max(p[i], 0), 1)
	}
	sort.SliceStable(idx, func(a, b int) bool { return val(idx[a]) < val(idx[b]) })
	q := make([]float64, m)
	run := 1.0
	for r := m - 1; r >= 0; r-- {
		i := idx[r]
		run = math.Min(run, c*float64(m)*val(i)/float64(r+1))
		q[i] = math.Min(run, 1)
	}
	return q
}

// BenjaminiHochberg reports which hypotheses the Benjamini–Hochberg
// step-up procedure rejects at false-discovery rate q: with the p-values
// sorted ascending, the largest k with p₍ₖ₎ ≤ k·q/m, and every hypothesis
// with p ≤ p₍ₖ₎. It is the same as AdjustBH(p)[i] ≤ q. NaN p-values are
// never rejected and count among the m tests. It panics if q is outside
// (0, 1).
func BenjaminiHochberg(p []float64, q float64) []bool { return reject(AdjustBH(p), q) }

// BenjaminiYekutieli is [BenjaminiHochberg] with the Benjamini–Yekutieli
// adjustment ([AdjustBY]): valid under any dependence between the tests.
// It panics if q is outside (0, 1).
func BenjaminiYekutieli(p []float64, q float64) []bool { return reject(AdjustBY(p), q) }

func reject(adj []float64, q float64) []bool {
	if !(q > 0 && q < 1) {
		panic("stats: FDR level outside (0, 1)")
	}
	out := make([]bool, len(adj))
	for i, v := range adj {
		out[i] = v <= q
	}
	return out
}
