package scan

import (
	"math"
	"math/rand/v2"
	"sort"
	"sync"
	"sync/atomic"
)

// alias is Walker's alias table (Vose's construction) for drawing an index
// with probability proportional to a weight in O(1).
type alias struct {
	prob []float64
	alt  []int32
}

func newAlias(w []float64) alias {
	n := len(w)
	var sum float64
	for _, v := range w {
		sum += v
	}
	a := alias{prob: make([]float64, n), alt: make([]int32, n)}
	scaled := make([]float64, n)
	var small, large []int32
	for i, v := range w {
		scaled[i] = v * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.prob[s], a.alt[s] = scaled[s], l
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range large {
		a.prob[i], a.alt[i] = 1, i
	}
	for _, i := range small { // only by rounding
		a.prob[i], a.alt[i] = 1, i
	}
	return a
}

// draw returns an index: one uniform gives both the column and the coin.
func (a alias) draw(r *rand.Rand) int32 {
	x := r.Float64() * float64(len(a.prob))
	i := int(x)
	if i >= len(a.prob) {
		i = len(a.prob) - 1
	}
	if x-float64(i) < a.prob[i] {
		return int32(i)
	}
	return a.alt[i]
}

// xlogx returns the table c·ln c for c = 0..total.
func xlogx(total int) []float64 {
	t := make([]float64, total+1)
	for c := 2; c <= total; c++ {
		t[c] = float64(c) * math.Log(float64(c))
	}
	return t
}

// restTable returns (C − c)·ln((C − c)/C) for c = 0..C: with c·ln c and
// the window's ln μ and ln(1 − μ/C) it gives the LLR without cancelling
// large terms.
func restTable(total int) []float64 {
	t := make([]float64, total+1)
	C := float64(total)
	for c := 0; c < total; c++ {
		t[c] = (C - float64(c)) * math.Log1p(-float64(c)/C)
	}
	return t
}

// replicate computes the largest LLR of one replicate; its random stream
// is PCG(seed, rep).
type replicate func(rep int, r *rand.Rand) float64

// newWorker returns a worker's replicate function, with its own buffers.
type newWorker func() replicate

// monteCarlo runs reps replicates on workers goroutines and returns their
// maxima sorted ascending.
func monteCarlo(reps, workers int, seed uint64, mk newWorker) []float64 {
	null := monteCarloFrom(0, reps, workers, seed, mk)
	sort.Float64s(null)
	return null
}

// monteCarloFrom runs replicates from to to−1 and returns their maxima
// in replicate order.
func monteCarloFrom(from, to, workers int, seed uint64, mk newWorker) []float64 {
	return monteCarloBatches(from, to, workers, 1, func() batchReplicate {
		run := mk()
		return func(first int, out []float64) {
			out[0] = run(first, rand.New(rand.NewPCG(seed, uint64(first))))
		}
	})
}

// batchReplicate computes the largest LLRs of replicates first,
// first+1, … into out (one to a batch's size); replicate rep's random
// stream is PCG(seed, rep).
type batchReplicate func(first int, out []float64)

// monteCarloBatches runs replicates from to to−1 in batches of size on
// workers goroutines, each with its own batchReplicate from mk, and
// returns their maxima in replicate order.
func monteCarloBatches(from, to, workers, size int, mk func() batchReplicate) []float64 {
	reps := to - from
	null := make([]float64, max(0, reps))
	var next atomic.Int64
	next.Store(int64(from))
	var wg sync.WaitGroup
	for w := 0; w < min(workers, (reps+size-1)/size); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run := mk()
			for {
				first := int(next.Add(int64(size)) - int64(size))
				if first >= to {
					return
				}
				run(first, null[first-from:min(first+size, to)-from])
			}
		}()
	}
	wg.Wait()
	return null
}

// pValue is (1 + #{null ≥ llr})/(len(null) + 1) over the sorted null; a
// replicate within a relative 1e-10 of llr counts as at least as large.
func pValue(null []float64, llr float64) float64 {
	thr := llr - 1e-10*math.Abs(llr)
	k := sort.SearchFloat64s(null, thr) // first index with null ≥ thr
	return float64(1+len(null)-k) / float64(len(null)+1)
}
