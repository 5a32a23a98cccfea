package data

import (
	"cmp"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// newRand returns the generator for one stage of the world. Each stage draws
// from its own PCG stream, keyed by the user's seed and the stage's name, so
// that a change in one stage does not reshuffle the others.
func newRand(seed uint64, stage string) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stageKey(stage)))
}

// unitRand returns the generator of one unit within a stage.
func unitRand(seed uint64, stage string, unit int) *rand.Rand {
	return rand.New(rand.NewPCG(seed^stageKey(stage), uint64(unit)+1))
}

func stageKey(stage string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(stage))
	return h.Sum64()
}

// lognormal draws median·exp(sigma·Z).
func lognormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// between draws an integer uniformly from [lo, hi].
func between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// uniform draws a float uniformly from [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// poisson draws a Poisson variate: Knuth's product method below 10, the
// transformed rejection method PTRS (Hörmann 1993, as in NumPy) above.
func poisson(r *rand.Rand, lambda float64) int {
	switch {
	case lambda <= 0:
		return 0
	case lambda < 10:
		l, k, p := math.Exp(-lambda), 0, r.Float64()
		for p > l {
			k++
			p *= r.Float64()
		}
		return k
	}
	return poissonPTRS(r, lambda)
}

func poissonPTRS(r *rand.Rand, lam float64) int {
	slam, loglam := math.Sqrt(lam), math.Log(lam)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lam + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -lam+k*loglam-lg {
			return int(k)
		}
	}
}

// binomial draws the number of successes in n trials of probability p.
func binomial(r *rand.Rand, n int, p float64) int {
	k := 0
	for range n {
		if r.Float64() < p {
			k++
		}
	}
	return k
}

// pick draws an index with probability proportional to weights.
func pick(r *rand.Rand, weights []float64) int {
	var total float64
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// multinomial spreads total items over len(weights) bins, each item falling
// in bin i with probability weights[i]/Σweights. The counts sum to total.
func multinomial(r *rand.Rand, total int, weights []float64) []int {
	counts := make([]int, len(weights))
	if len(weights) == 0 || total <= 0 {
		return counts
	}
	cum := make([]float64, len(weights))
	var s float64
	for i, w := range weights {
		s += w
		cum[i] = s
	}
	for range total {
		i := sort.SearchFloat64s(cum, r.Float64()*s)
		if i >= len(cum) {
			i = len(cum) - 1
		}
		for weights[i] <= 0 && i > 0 { // never land on a zero-weight bin
			i--
		}
		counts[i]++
	}
	return counts
}

// spread splits total people over n items: one each and the rest by
// multinomial when total ≥ n; otherwise a multinomial over all items, so
// that some get none. The result sums to total.
func spread(r *rand.Rand, total int, weights []float64) []int {
	n := len(weights)
	if total < n {
		return multinomial(r, total, weights)
	}
	counts := multinomial(r, total-n, weights)
	for i := range counts {
		counts[i]++
	}
	return counts
}

// sampleWithout draws k distinct indices with probabilities proportional to
// weights (Efraimidis and Spirakis 2006: the k smallest −ln(U)/w), returned
// in ascending order. Items of weight zero are never drawn.
func sampleWithout(r *rand.Rand, k int, weights []float64) []int {
	type keyed struct {
		key float64
		i   int
	}
	keys := make([]keyed, 0, len(weights))
	for i, w := range weights {
		if w > 0 {
			keys = append(keys, keyed{-math.Log(1-r.Float64()) / w, i})
		}
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	k = min(k, len(keys))
	out := make([]int, k)
	for j := range k {
		out[j] = keys[j].i
	}
	slices.Sort(out)
	return out
}

// splitPersons writes total as a sum of small parts: part i+1 drawn with
// probability proportional to probs[i], the last part trimmed to fit.
func splitPersons(r *rand.Rand, total int, probs []float64) []int {
	var parts []int
	for total > 0 {
		p := 1 + pick(r, probs)
		p = min(p, total)
		parts = append(parts, p)
		total -= p
	}
	return parts
}
