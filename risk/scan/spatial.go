package scan

import (
	"math"
	"math/rand/v2"
	"slices"
)

// pilotReps is the number of replicates run before the floor is set.
const pilotReps = 20

// Spatial runs the purely spatial Poisson scan: cases[i] observed and
// expected[i] expected cases at location i (population × the overall rate,
// or an indirectly standardised expectation: only their proportions
// matter), at coordinates at[i]. See the package documentation for the
// windows, the statistic and the Monte Carlo p-values.
//
// It returns an error for data that cannot be scanned: a count that is not
// a non-negative whole number, a negative or non-finite expected count, an
// infinite coordinate or an impossible latitude, or an invalid cfg.
// Locations with missing coordinates or no exposure are left out and
// listed in the Result. It panics if the slices differ in length.
func Spatial(cases, expected []float64, at []Point, cfg Config) (Result, error) {
	p, err := prepare(cases, expected, at, cfg)
	if err != nil || p.res.Abstain != nil {
		return p.res, err
	}
	workers := workerCount(cfg.Workers)
	w := buildWindows(p.pts, p.mu, cfg.MaxShare*float64(p.total), cfg.maxDist2(), cfg.MinLocations, workers)
	s := newSpatialScanner(&w, p.total, cfg.MinCases)
	p.res.Windows = len(s.win)

	counts := make([]int32, len(p.keep))
	for k, i := range p.keep {
		counts[k] = int32(cases[i])
	}
	bests := make([]best, len(p.keep))
	s.scan(counts, bests)

	draw := newAlias(p.mu)
	batch, worker := 1, s.worker(draw, len(p.keep), cfg.Seed)
	if p.total < packedMaxTotal {
		batch, worker = lanes, s.packedWorker(draw, len(p.keep), cfg.Seed)
	}
	// A pilot of the first replicates sets the floor (see setFloor); the
	// rest start where it ends, on their own streams, so the null is the
	// same as without it.
	pilot := min(cfg.Reps, pilotReps)
	head := monteCarloBatches(0, pilot, workers, batch, worker)
	s.setFloor(median(head) / 2)
	tail := monteCarloBatches(pilot, cfg.Reps, workers, batch, worker)
	p.res.Null = append(head, tail...)
	slices.Sort(p.res.Null)

	for _, b := range secondary(bests, &w, len(p.keep), cfg.MaxClusters) {
		var c float64
		nb := w.nb[w.nbOff[b.centre] : w.nbOff[b.centre]+int(w.end[b.win])]
		for _, j := range nb {
			c += float64(counts[j])
		}
		b.t1, b.t2 = -1, -1
		p.res.Clusters = append(p.res.Clusters, p.cluster(b, &w, cfg.Geometry, c, w.mu[b.win]))
	}
	return p.res, nil
}

// simulate fills sim with one replicate's counts: the total cases
// spread over the locations in proportion to their expected counts.
func (s *spatialScanner) simulate(sim []int32, draw alias, r *rand.Rand) {
	clear(sim)
	for k := 0; k < s.total; k++ {
		sim[draw.draw(r)]++
	}
}

// worker returns a function that scans one replicate at a time.
func (s *spatialScanner) worker(draw alias, n int, seed uint64) func() batchReplicate {
	return func() batchReplicate {
		sim := make([]int32, n)
		return func(first int, out []float64) {
			s.simulate(sim, draw, rand.New(rand.NewPCG(seed, uint64(first))))
			out[0] = s.scan(sim, nil)
		}
	}
}

// packedWorker returns a function that scans lanes replicates at a time
// (scanPacked), each drawn from its own stream as worker draws it: the
// maxima are the same.
func (s *spatialScanner) packedWorker(draw alias, n int, seed uint64) func() batchReplicate {
	return func() batchReplicate {
		var sims [lanes][]int32
		for l := range sims {
			sims[l] = make([]int32, n)
		}
		packed := make([]packedCounts, n)
		return func(first int, out []float64) {
			clear(packed)
			for l := range out {
				s.simulate(sims[l], draw, rand.New(rand.NewPCG(seed, uint64(first+l))))
				for j, c := range sims[l] {
					packed[j][l/4] |= uint64(c) << (16 * (l % 4))
				}
			}
			top := s.scanPacked(packed)
			for l := range out {
				out[l] = top[l]
				if !(top[l] > s.floor) && !math.IsInf(s.floor, 1) {
					// no window above the floor: the pruning may have hidden
					// the maximum below it; scan this one in full
					out[l] = s.scan(sims[l], nil)
				}
			}
		}
	}
}

// spatialWindow is what a replicate reads of a window: its end, and ln μ
// and ln(1 − μ/C) rounded to float32, which halves the memory streamed
// per replicate. A window whose rounded LLR comes within the rounding
// bound of the best so far is computed again exactly.
//
// cmin is the fewest cases for which the window's LLR exceeds the
// scanner's floor: once a replicate's best is at or above the floor, a
// window with fewer cases cannot beat it and is passed over with one
// comparison. The floor only prunes, so the maxima are exact.
type spatialWindow struct {
	end     int32
	cmin    int32
	lnMu, r float32
}

type spatialScanner struct {
	w        *windows
	win      []spatialWindow
	total    int
	minCases int32
	xlx      []float64 // c·ln c
	rest     []float64 // (C − c)·ln((C − c)/C)
	slack    float64   // bound on the rounding error of a float32 LLR
	floor    float64   // windows below cmin cannot beat a best ≥ floor; +Inf: no floor
}

func newSpatialScanner(w *windows, total, minCases int) *spatialScanner {
	C := float64(total)
	s := &spatialScanner{w: w, win: make([]spatialWindow, len(w.end)), total: total, minCases: int32(minCases),
		xlx: xlogx(total), rest: restTable(total), floor: math.Inf(1)}
	var maxLn, maxR float64
	for k, e := range w.end {
		lnMu, r := math.Log(w.mu[k]), math.Log1p(-w.mu[k]/C)
		s.win[k] = spatialWindow{end: e, cmin: int32(minCases), lnMu: float32(lnMu), r: float32(r)}
		maxLn, maxR = math.Max(maxLn, math.Abs(lnMu)), math.Max(maxR, math.Abs(r))
	}
	// |c·δln μ| + |(C − c)·δr| with |δx| ≤ 2⁻²⁴|x|, doubled
	s.slack = 2 * C * (maxLn + maxR) / (1 << 24)
	return s
}

// setFloor sets the floor and each window's cmin: the fewest cases, above
// μ and at least minCases, whose LLR exceeds floor (total + 1 when none
// does). Along a centre's windows μ grows, so cmin never falls and is
// found by walking up from the previous window's. A floor that is not
// positive and finite leaves no floor.
func (s *spatialScanner) setFloor(floor float64) {
	if !(floor > 0) || math.IsInf(floor, 1) {
		return
	}
	w := s.w
	for i := 0; i+1 < len(w.winOff); i++ {
		c := s.minCases
		for k := w.winOff[i]; k < w.winOff[i+1]; k++ {
			for c <= int32(s.total) && s.llr(c, k) <= floor {
				c++
			}
			s.win[k].cmin = c
		}
	}
	s.floor = floor
}

// median returns the median of xs (the upper one of an even count),
// leaving xs as it is.
func median(xs []float64) float64 {
	ys := slices.Clone(xs)
	slices.Sort(ys)
	return ys[len(ys)/2]
}

// llr is the exact LLR of c cases in window k (0 unless high-rate).
func (s *spatialScanner) llr(c int32, k int) float64 {
	mu := s.w.mu[k]
	fc, C := float64(c), float64(s.total)
	if c < s.minCases || fc <= mu {
		return 0
	}
	return s.xlx[c] + s.rest[c] - fc*math.Log(mu) - (C-fc)*math.Log1p(-mu/C)
}

// scan returns the largest LLR over all windows for the counts; with
// bests non-nil it also records each centre's best window.
func (s *spatialScanner) scan(counts []int32, bests []best) float64 {
	w := s.w
	var top float64
	for i := 0; i+1 < len(w.nbOff); i++ {
		nb := w.nb[w.nbOff[i]:w.nbOff[i+1]]
		wins := s.win[w.winOff[i]:w.winOff[i+1]]
		thr := top
		if bests != nil {
			thr = 0
			bests[i] = best{centre: i, win: -1}
		}
		var c, seen int32
		k := 0
		for wi := range wins {
			win := &wins[wi]
			for ; k < int(win.end); k++ {
				c += counts[nb[k]]
			}
			// a window with no more cases than the one inside it has a
			// larger μ and so a smaller LLR
			if c < win.cmin && thr >= s.floor { // the common case, first
				continue
			}
			if c < s.minCases || c == seen {
				continue
			}
			seen = c
			if llr := s.windowLLR(c, w.winOff[i]+wi, win, thr); llr > thr {
				thr = llr
				if bests != nil {
					bests[i] = best{centre: i, win: w.winOff[i] + wi, llr: llr}
				}
			}
		}
		top = math.Max(top, thr)
	}
	return top
}

// lanes is how many replicates scanPacked scans at once: their counts are
// 16-bit lanes of two uint64 words, so that two additions add a
// location's cases to the windows of all of them, and one test finds that
// none of them reaches a window's cmin (the common case: about 3% of
// windows reach it in a replicate of the demo).
const lanes = 8

// packedCounts are lanes replicates' counts at one location: replicate l
// in bits 16(l mod 4) up of word l/4.
type packedCounts [2]uint64

const (
	laneOnes = 0x0001_0001_0001_0001 // 1 in each lane
	laneHigh = 0x8000_8000_8000_8000 // the top bit of each lane
	// packedMaxTotal bounds the total cases scanPacked takes: a window's
	// count, and cmin, must stay below a lane's top bit.
	packedMaxTotal = 1<<15 - 1
)

// reaches returns the top bit of each lane of c whose count is at least
// cmin: the lane's count + 2¹⁵ − cmin, with no borrow between lanes.
func reaches(c uint64, cmin int32) uint64 {
	return ((c | laneHigh) - uint64(cmin)*laneOnes) & laneHigh
}

// scanPacked returns the largest LLR of each of the replicates whose
// counts at location j are packed[j], looking only at windows with at
// least cmin cases: exact for a replicate whose maximum exceeds the
// floor, and at most the floor otherwise.
func (s *spatialScanner) scanPacked(packed []packedCounts) [lanes]float64 {
	w := s.w
	var top [lanes]float64
	for i := 0; i+1 < len(w.nbOff); i++ {
		nb := w.nb[w.nbOff[i]:w.nbOff[i+1]]
		wins := s.win[w.winOff[i]:w.winOff[i+1]]
		var c0, c1 uint64
		var seen [lanes]int32
		k := 0
		for wi := range wins {
			win := &wins[wi]
			for ; k < int(win.end); k++ {
				p := &packed[nb[k]]
				c0 += p[0]
				c1 += p[1]
			}
			if reaches(c0, win.cmin)|reaches(c1, win.cmin) == 0 {
				continue
			}
			for l := range lanes {
				cl := int32([2]uint64{c0, c1}[l/4] >> (16 * (l % 4)) & 0xffff)
				if cl < win.cmin || cl == seen[l] {
					continue
				}
				seen[l] = cl
				if llr := s.windowLLR(cl, w.winOff[i]+wi, win, top[l]); llr > top[l] {
					top[l] = llr
				}
			}
		}
	}
	return top
}

// windowLLR returns the LLR of c cases in window k when it may exceed thr
// (the float32 figures first, then exactly), and 0 when it cannot.
func (s *spatialScanner) windowLLR(c int32, k int, win *spatialWindow, thr float64) float64 {
	fc, fC := float64(c), float64(s.total)
	if s.xlx[c]+s.rest[c]-fc*float64(win.lnMu)-(fC-fc)*float64(win.r) <= thr-s.slack {
		return 0
	}
	return s.llr(c, k)
}
