package benford

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// UnitTest tests one unit's digit-group counts against Benford's law with
// a null distribution taken at the unit's own n, so that units with 300
// and with 5,000 payments are judged on the same footing. Many units can
// then be screened together by passing the p-values to a false-discovery
// rate procedure (stats.AdjustBH).
//
// stat is Pearson's X² = Σ (O − n·p)²/(n·p) over the test's groups, as in
// [Result.ChiSquare]. p is its upper-tail probability under the
// multinomial(n, Benford) null, from the shifted and scaled chi-square
// (Pearson type III) whose mean, variance and third central moment equal
// the exact moments of X² at n ([ChiSquareMoments]):
//
//	X² ≈ c + a·χ²_ν,  ν = 8/γ²,  a = σ/√(2ν),  c = μ − a·ν,  γ = μ₃/σ³.
//
// The plain χ²(k − 1) approximation (Result.ChiP) is too liberal at
// small n because X² is more spread and more skewed than χ² when some
// expected counts are small: for the first two digits at n = 300 (expected
// counts 1.3 to 12.6) it rejects 5.7% of Benford samples at the 5% level
// and 0.21% at 0.1%; the three-moment form gives 5.0% and 0.10%, and stays
// within simulation error down to 10⁻⁴ at n = 300 to 5,000 (TestUnitTest*).
// p is deterministic, so that the FDR procedure sees the same p-values in
// every run, and resolves the far tail that BH needs with many units,
// which a Monte Carlo p-value with R replications cannot below 1/(R + 1)
// ([UnitTestMC] is the exact but slower check).
//
// Counts under keys that are not groups of t are ignored (as Skipped in
// [Config.FromCounts]); a negative count panics, as there. With no values
// it returns 0, 1. Below [DefaultMinN] the p-value is still calibrated,
// but a test on so few values has little power. It panics if t is not a
// test.
func UnitTest(t Test, counts map[int]int64) (stat, p float64) {
	cs, n := groupCounts(t, counts)
	if n == 0 {
		return 0, 1
	}
	stat = pearson(t, cs, n)
	return stat, ChiSquareP(t, n, stat)
}

// groupCounts returns the counts of t's groups in group order and their
// total.
func groupCounts(t Test, counts map[int]int64) ([]int64, int64) {
	lo, hi := t.span()
	cs := make([]int64, hi-lo)
	var n int64
	for d, c := range counts {
		if c < 0 {
			panic(fmt.Sprintf("benford: negative count %d for group %d", c, d))
		}
		if d >= lo && d < hi {
			cs[d-lo] = c
			n += c
		}
	}
	return cs, n
}

// pearson is Pearson's X² of the group counts against Benford at n.
func pearson(t Test, cs []int64, n int64) float64 {
	sh := shares(t)
	fn := float64(n)
	var x2 float64
	for i, c := range cs {
		e := fn * sh[i]
		d := float64(c) - e
		x2 += d * d / e
	}
	return x2
}

// ChiSquareMoments returns the exact mean, variance and third central
// moment of Pearson's X² for n values drawn from Benford's law over the k
// groups of test t (shares pᵢ, power sums S₁ = Σ1/pᵢ, S₂ = Σ1/pᵢ²):
//
//	μ  = k − 1
//	σ² = 2(k − 1) + (S₁ − k² − 2k + 2)/n
//	μ₃ = 8(k − 1) + (22S₁ − 18k² − 36k + 32)/n
//	     + (S₂ − 3kS₁ − 22S₁ + 2k³ + 18k² + 28k − 24)/n²
//
// The mean and variance are Haldane's (1937, "The exact value of the
// moments of the distribution of χ², used as a test of goodness of fit,
// when expectations are small", Biometrika 29:133); μ₃ was derived the
// same way, from the multinomial factorial moments
// E[Πᵢ Oᵢ^(rᵢ)] = n^(Σr)·Πᵢ pᵢ^rᵢ, and is checked against simulation in
// the tests. As n grows they tend to χ²(k − 1)'s k − 1, 2(k − 1) and
// 8(k − 1). n < 1 gives the limits. It panics if t is not a test.
func ChiSquareMoments(t Test, n int64) (mean, variance, mu3 float64) {
	k := float64(len(shares(t)))
	s1, s2 := powerSums(t)
	mean, variance, mu3 = k-1, 2*(k-1), 8*(k-1)
	if n < 1 {
		return mean, variance, mu3
	}
	fn := float64(n)
	variance += (s1 - k*k - 2*k + 2) / fn
	mu3 += (22*s1-18*k*k-36*k+32)/fn + (s2-3*k*s1-22*s1+2*k*k*k+18*k*k+28*k-24)/(fn*fn)
	return mean, variance, mu3
}

// ChiSquareP returns the upper-tail probability of Pearson's X² = x2 for
// n values under Benford's law for test t, from the Pearson type III
// (shifted, scaled chi-square) with X²'s exact first three moments at n
// (see [UnitTest] and [ChiSquareMoments]). A value below the
// distribution's lower end gives 1. It panics if t is not a test.
func ChiSquareP(t Test, n int64, x2 float64) float64 {
	mean, v, mu3 := ChiSquareMoments(t, n)
	if math.IsNaN(x2) {
		return 1
	}
	sd := math.Sqrt(v)
	gamma := mu3 / (v * sd)
	if !(gamma > 0) { // cannot happen for a multinomial X²; match two moments then
		a := v / (2 * mean)
		return distuv.ChiSquared{K: mean / a}.Survival(x2 / a)
	}
	nu := 8 / (gamma * gamma)
	a := sd / math.Sqrt(2*nu)
	c := mean - a*nu
	z := (x2 - c) / a
	if z <= 0 {
		return 1
	}
	return distuv.ChiSquared{K: nu}.Survival(z)
}

// UnitTestMC is [UnitTest] with the p-value by Monte Carlo: reps samples of
// n values drawn from Benford's law with the random source src, and
// p = (1 + #{X²_sim ≥ X²})/(reps + 1) (Davison & Hinkley 1997, eq. 4.11).
// It is exact up to simulation error and costs O(n·reps); use it to check
// UnitTest's p-value on a few units, not to screen thousands (its p-value
// cannot go below 1/(reps + 1)). It panics if t is not a test, reps < 1 or
// src is nil.
func UnitTestMC(t Test, counts map[int]int64, reps int, src rand.Source) (stat, p float64) {
	if reps < 1 || src == nil {
		panic("benford: UnitTestMC needs reps ≥ 1 and a random source")
	}
	cs, n := groupCounts(t, counts)
	if n == 0 {
		return 0, 1
	}
	stat = pearson(t, cs, n)
	r := rand.New(src)
	cum := cumShares(t)
	sim := make([]int64, len(cs))
	ge := 0
	for i := 0; i < reps; i++ {
		clear(sim)
		for j := int64(0); j < n; j++ {
			sim[sort.SearchFloat64s(cum, r.Float64()*cum[len(cum)-1])]++
		}
		// a simulated X² equal to the observed one up to rounding counts
		// as at least as large
		if x := pearson(t, sim, n); x >= stat*(1-1e-12) {
			ge++
		}
	}
	return stat, float64(1+ge) / float64(reps+1)
}

// tables caches each test's Benford shares, their running sums and the
// power sums Σ1/p and Σ1/p².
var tables struct {
	once [LastTwo + 1]sync.Once
	sh   [LastTwo + 1][]float64
	cum  [LastTwo + 1][]float64
	s1   [LastTwo + 1]float64
	s2   [LastTwo + 1]float64
}

func table(t Test) {
	if !t.Valid() {
		panic(fmt.Sprintf("benford: unknown test %d", int(t)))
	}
	tables.once[t].Do(func() {
		g := t.Groups()
		sh := make([]float64, len(g))
		cum := make([]float64, len(g))
		var run, s1, s2 float64
		for i, d := range g {
			p := t.Expected(d)
			sh[i] = p
			run += p
			cum[i] = run
			s1 += 1 / p
			s2 += 1 / (p * p)
		}
		tables.sh[t], tables.cum[t], tables.s1[t], tables.s2[t] = sh, cum, s1, s2
	})
}

func shares(t Test) []float64 { table(t); return tables.sh[t] }

func cumShares(t Test) []float64 { table(t); return tables.cum[t] }

func powerSums(t Test) (s1, s2 float64) { table(t); return tables.s1[t], tables.s2[t] }
