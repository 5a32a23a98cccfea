package scan

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
)

// SpaceTime runs the space–time Poisson scan (Kulldorff et al. 1998;
// SaTScan's retrospective or prospective space–time analysis with the
// discrete Poisson model): cases[i][t] observed cases at location i in
// period t (every row the same length T, the periods in time order),
// expected[i] the expected cases at location i over the whole study
// period, spread over the periods in proportion to weights (nil: equal
// periods; the days of each month, for months of unequal length).
//
// The expected count of location i in period t is thus
// μᵢₜ = Eᵢ·w_t/Σw, rescaled so that Σμ = C: the population at risk is
// taken as constant over the study period, as SaTScan does with one
// census time. Windows are cylinders, a circle (as in [Spatial]) times an
// interval of at most Config.MaxTimeShare·T periods, anywhere in the
// study period (retrospective, the default) or ending in the last period
// (Config.Prospective). Replicates redistribute the C cases over
// locations and periods in proportion to μᵢₜ. Secondary clusters may not
// overlap the ones before them geographically, whatever their intervals.
//
// Errors and left-out locations are as in [Spatial]; a weight must be
// positive and finite. It panics if the slices differ in length or the
// rows of cases do.
func SpaceTime(cases [][]float64, expected, weights []float64, at []Point, cfg Config) (Result, error) {
	T := 0
	if len(cases) > 0 {
		T = len(cases[0])
	}
	totals := make([]float64, len(cases))
	for i, row := range cases {
		if len(row) != T {
			panic("scan: rows of cases differ in length")
		}
		for _, c := range row {
			if err := checkCases(i, c); err != nil {
				return Result{}, err
			}
			totals[i] += c
		}
	}
	w, err := periodShares(weights, T)
	if err != nil {
		return Result{}, err
	}
	p, err := prepare(totals, expected, at, cfg)
	p.res.Periods = T
	if err != nil || p.res.Abstain != nil {
		return p.res, err
	}
	workers := workerCount(cfg.Workers)
	win := buildWindows(p.pts, p.mu, cfg.MaxShare*float64(p.total), cfg.maxDist2(), cfg.MinLocations, workers)
	s := newSTScanner(&win, T, w, p.total, cfg)
	p.res.Windows = len(win.end)

	counts := make([]int32, len(p.keep)*T)
	for k, i := range p.keep {
		for t, c := range cases[i] {
			counts[k*T+t] = int32(c)
		}
	}
	bests := make([]best, len(p.keep))
	s.scan(counts, bests)

	drawLoc, drawPeriod := newAlias(p.mu), newAlias(w)
	p.res.Null = monteCarlo(cfg.Reps, workers, cfg.Seed, func() replicate {
		sim := make([]int32, len(counts))
		return func(_ int, r *rand.Rand) float64 {
			clear(sim)
			for k := 0; k < p.total; k++ {
				sim[int(drawLoc.draw(r))*T+int(drawPeriod.draw(r))]++
			}
			return s.scan(sim, nil)
		}
	})

	for _, b := range secondary(bests, &win, len(p.keep), cfg.MaxClusters) {
		var c float64
		for _, j := range win.nb[win.nbOff[b.centre] : win.nbOff[b.centre]+int(win.end[b.win])] {
			for t := b.t1; t <= b.t2; t++ {
				c += float64(counts[int(j)*T+int(t)])
			}
		}
		var share float64
		for t := b.t1; t <= b.t2; t++ {
			share += w[t]
		}
		p.res.Clusters = append(p.res.Clusters, p.cluster(b, &win, cfg.Geometry, c, win.mu[b.win]*share))
	}
	return p.res, nil
}

// periodShares returns the periods' shares of the study period.
func periodShares(weights []float64, T int) ([]float64, error) {
	w := make([]float64, T)
	if weights == nil {
		for t := range w {
			w[t] = 1 / float64(T)
		}
		return w, nil
	}
	if len(weights) != T {
		panic("scan: weights and periods differ in length")
	}
	var sum float64
	for t, v := range weights {
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("scan: period %d: weight %v is not a positive number", t, v)
		}
		sum += v
	}
	for t, v := range weights {
		w[t] = v / sum
	}
	return w, nil
}

// interval is a span of periods [t1, t1 + L − 1] with its share of the
// study period and the log of it.
type interval struct {
	t1          int32
	share, lnSh float64
}

// span lists the intervals of one length L, and the smallest share among
// them.
type span struct {
	length   int32
	first    int32  // the intervals start at periods first..T − length
	starts   uint64 // the same as a bit set (up to 64 periods)
	ivs      []interval
	minShare float64
	lnMin    float64
}

// spans lists, for each length up to maxLen periods, the intervals a
// cylinder may cover: anywhere in the study period, or ending in the last
// period if prospective.
func spans(w []float64, maxLen int, prospective bool) []span {
	T := len(w)
	var out []span
	for L := 1; L <= min(maxLen, T); L++ {
		sp := span{length: int32(L), minShare: math.Inf(1)}
		for t1 := 0; t1+L <= T; t1++ {
			if prospective && t1+L != T {
				continue
			}
			var share float64
			for t := t1; t < t1+L; t++ {
				share += w[t]
			}
			sp.ivs = append(sp.ivs, interval{int32(t1), share, math.Log(share)})
			sp.minShare = math.Min(sp.minShare, share)
		}
		sp.lnMin = math.Log(sp.minShare)
		sp.first = sp.ivs[0].t1
		for _, iv := range sp.ivs {
			if iv.t1 < 64 {
				sp.starts |= 1 << uint(iv.t1)
			}
		}
		out = append(out, sp)
	}
	return out
}

// stWindow is what a space–time replicate needs of a circle: its end,
// expected count and the log of it.
type stWindow struct {
	end      int32
	mu, lnMu float64
}

type stScanner struct {
	w        *windows
	win      []stWindow
	spans    []span
	periods  int
	total    int
	minCases int32
	xlx      []float64 // c·ln c
	rest     []float64 // (C − c)·ln((C − c)/C)
	invTotal float64   // 1/C
	share    []float64 // each period's share of the study period
	lnShare  []float64
}

func newSTScanner(w *windows, T int, shares []float64, total int, cfg Config) *stScanner {
	maxLen := max(1, int(math.Floor(cfg.MaxTimeShare*float64(T)+1e-9)))
	s := &stScanner{w: w, win: make([]stWindow, len(w.end)), spans: spans(shares, maxLen, cfg.Prospective),
		periods: T, total: total, minCases: int32(cfg.MinCases), xlx: xlogx(total), rest: restTable(total), invTotal: 1 / float64(total), share: shares}
	for _, v := range shares {
		s.lnShare = append(s.lnShare, math.Log(v))
	}
	for k, e := range w.end {
		s.win[k] = stWindow{end: e, mu: w.mu[k], lnMu: math.Log(w.mu[k])}
	}
	return s
}

// scan returns the largest LLR over all cylinders for counts (location-
// major, T per location); with bests non-nil it records each centre's
// best cylinder.
//
// For each circle and interval length L, the LLR of every interval of
// length L is at most that of the largest count among them with the
// smallest expected count among them (the LLR of a high-rate window grows
// with c and falls with μ), and that is at most
// c·ln(c/μ) − (C − c)(c − μ)/(C − μ) ≤ c·ln(c/μ) − (1 − c/C)(c − μ)
// (from ln x ≤ x − 1). Only when this
// bound beats the best so far are the intervals of length L computed
// exactly; with equal periods all intervals of a length share μ, and a
// replicate computes about one exact LLR per circle that could win.
func (s *stScanner) scan(counts []int32, bests []best) float64 {
	w, T := s.w, s.periods
	fC := float64(s.total)
	cum := make([]int32, T)
	pre := make([]int32, T+1)
	var top float64
	for i := 0; i+1 < len(w.nbOff); i++ {
		nb := w.nb[w.nbOff[i]:w.nbOff[i+1]]
		wins := s.win[w.winOff[i]:w.winOff[i+1]]
		thr := top
		if bests != nil {
			thr = 0
			bests[i] = best{centre: i, win: -1}
		}
		clear(cum)
		var total, seen int32 = 0, -1
		var fresh uint64 // periods with cases added since the last circle scanned
		k := 0
		for wi := range wins {
			win := &wins[wi]
			for ; k < int(win.end); k++ {
				row := counts[int(nb[k])*T : int(nb[k])*T+T]
				for t, v := range row {
					if v != 0 {
						cum[t] += v
						total += v
						fresh |= 1 << (uint(t) & 63)
					}
				}
			}
			// no new case: every interval keeps its count and gains μ
			if total < s.minCases || total == seen {
				continue
			}
			seen = total
			if s.windowBound(cum, win, fC) <= thr {
				fresh = 0
				continue
			}
			for t, v := range cum {
				pre[t+1] = pre[t] + v
			}
			// An interval with no new case keeps its count and gains μ, so
			// its LLR, at most thr when last scanned, is still at most
			// thr: only intervals holding a fresh period can beat it.
			var touch uint64
			for sp := range s.spans {
				L := s.spans[sp].length
				touch |= fresh >> (uint(L-1) & 63)
				if llr, t1 := s.length(&s.spans[sp], win, pre, touch, thr, fC); llr > thr {
					thr = llr
					if bests != nil {
						bests[i] = best{centre: i, win: w.winOff[i] + wi, t1: t1, t2: t1 + L - 1, llr: llr}
					}
				}
			}
			fresh = 0
		}
		top = math.Max(top, thr)
	}
	return top
}

// windowBound returns an upper bound of the LLR of every interval of a
// circle whose cases by period are cum. With D(c, μ) = c·ln(c/μ) − c + μ
// (half the Poisson deviance: jointly convex and of degree 1, hence
// subadditive), H the periods with more cases than expected and
// E⁺ = Σ_H (c_t − μ_t), any high-rate interval I has
//
//	LLR(I) ≤ D(c_I, μ_I) + (c_I − μ_I)²/(C − μ_I) ≤ Σ_H D(c_t, μ_t) + E⁺²/(C − μ_w):
//
// the first from ln x ≤ x − 1; the second because adding a low period's
// (c, μ), c ≤ μ, to a high interval lowers D, and by subadditivity. A
// circle whose bound is at most the best so far need not be scanned.
func (s *stScanner) windowBound(cum []int32, win *stWindow, fC float64) float64 {
	if fC-win.mu <= 0 {
		return math.Inf(1)
	}
	var d, excess float64
	for t, c := range cum {
		fc := float64(c)
		mu := win.mu * s.share[t]
		if fc > mu {
			d += s.xlx[c] - fc*(win.lnMu+s.lnShare[t]) - fc + mu
			excess += fc - mu
		}
	}
	return d + excess*excess/(fC-win.mu)
}

// length scans the intervals of one length in one circle and returns the
// largest LLR above thr and the first period of its interval (thr and −1
// if none beats it). With at most 64 periods only the intervals starting
// at a period in touch need be scanned; where that is more than half of
// them, or there are more periods, all are (a plain loop is faster).
func (s *stScanner) length(sp *span, win *stWindow, pre []int32, touch uint64, thr, fC float64) (float64, int32) {
	L := sp.length
	touch &= sp.starts
	if s.periods <= 64 && touch == 0 {
		return thr, -1
	}
	dense := s.periods > 64 || 2*bits.OnesCount64(touch) > len(sp.ivs)
	var cmax int32
	if dense {
		lo, hi := pre[sp.first:len(pre)-int(L)], pre[int(sp.first+L):]
		hi = hi[:len(lo)]
		for j, a := range lo {
			cmax = max(cmax, hi[j]-a)
		}
	} else {
		for m := touch; m != 0; m &= m - 1 {
			t1 := bits.TrailingZeros64(m)
			cmax = max(cmax, pre[t1+int(L)]-pre[t1])
		}
	}
	fc := float64(cmax)
	mu := win.mu * sp.minShare
	if cmax < s.minCases || fc <= mu {
		return thr, -1
	}
	// (C − c)/(C − μ) ≥ (C − c)/C: a looser bound without a division
	if s.xlx[cmax]-fc*(win.lnMu+sp.lnMin)-(fc-mu)*(1-fc*s.invTotal) <= thr {
		return thr, -1
	}
	best := int32(-1)
	for _, iv := range sp.ivs {
		if !dense && touch&(1<<(uint(iv.t1)&63)) == 0 {
			continue
		}
		c := pre[iv.t1+L] - pre[iv.t1]
		fc := float64(c)
		mu := win.mu * iv.share
		if c < s.minCases || fc <= mu {
			continue
		}
		llr := s.xlx[c] + s.rest[c] - fc*(win.lnMu+iv.lnSh) - (fC-fc)*math.Log1p(-mu/fC)
		if llr > thr {
			thr, best = llr, iv.t1
		}
	}
	return thr, best
}
