package scan

import (
	"math"
	"math/rand/v2"
)

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
	w := buildWindows(p.pts, p.mu, cfg.MaxShare*float64(p.total), workers)
	s := newSpatialScanner(&w, p.total, cfg.MinCases)
	p.res.Windows = len(s.win)

	counts := make([]int32, len(p.keep))
	for k, i := range p.keep {
		counts[k] = int32(cases[i])
	}
	bests := make([]best, len(p.keep))
	s.scan(counts, bests)

	draw := newAlias(p.mu)
	p.res.Null = monteCarlo(cfg.Reps, workers, cfg.Seed, func() replicate {
		sim := make([]int32, len(p.keep))
		return func(_ int, r *rand.Rand) float64 {
			clear(sim)
			for k := 0; k < p.total; k++ {
				sim[draw.draw(r)]++
			}
			return s.scan(sim, nil)
		}
	})

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

// spatialWindow is what a replicate needs of a window: its end, the fewest
// cases that make it a high-rate cluster, ln μ and ln(C − μ).
type spatialWindow struct {
	end, minC    int32
	lnMu, lnRest float64
}

type spatialScanner struct {
	w     *windows
	win   []spatialWindow
	total int
	xlx   []float64
}

func newSpatialScanner(w *windows, total, minCases int) *spatialScanner {
	s := &spatialScanner{w: w, win: make([]spatialWindow, len(w.end)), total: total, xlx: xlogx(total)}
	C := float64(total)
	for k, e := range w.end {
		mu := w.mu[k]
		minC := math.Max(float64(minCases), math.Floor(mu)+1)
		rest := math.Log(C - mu)
		if C-mu <= 0 { // the window holds every expected case: never high-rate
			minC, rest = math.MaxInt32, 0
		}
		s.win[k] = spatialWindow{end: e, minC: int32(math.Min(minC, math.MaxInt32)), lnMu: math.Log(mu), lnRest: rest}
	}
	return s
}

// scan returns the largest LLR over all windows for the counts; with
// bests non-nil it also records each centre's best window.
func (s *spatialScanner) scan(counts []int32, bests []best) float64 {
	w := s.w
	C := s.total
	fC := float64(C)
	xlx := s.xlx
	var top float64
	for i := 0; i+1 < len(w.nbOff); i++ {
		nb := w.nb[w.nbOff[i]:w.nbOff[i+1]]
		wins := s.win[w.winOff[i]:w.winOff[i+1]]
		thr := top
		if bests != nil {
			thr = 0
			bests[i] = best{centre: i, win: -1}
		}
		var c int32
		k := 0
		for wi := range wins {
			win := &wins[wi]
			for ; k < int(win.end); k++ {
				c += counts[nb[k]]
			}
			if c < win.minC {
				continue
			}
			fc := float64(c)
			llr := xlx[c] + xlx[C-int(c)] - fc*win.lnMu - (fC-fc)*win.lnRest
			if llr > thr {
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
