package scan

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Cluster is one window reported by a scan.
type Cluster struct {
	// Centre is the index (into the caller's slices) of the location the
	// circle is centred on; Locations are the indices of every location
	// in the circle, nearest first (the centre, or a location at the
	// same place, first).
	Centre    int
	Locations []int
	// Radius is the distance from the centre to the farthest location in
	// the cluster: kilometres for LonLat, the coordinates' unit for
	// Planar.
	Radius float64
	// Start and End are the first and last period of a space–time
	// cluster (0-based, inclusive); both are −1 for a purely spatial one.
	Start, End int
	// Cases are the cases observed in the window, Expected those expected
	// under the null (the expected counts rescaled to the total cases).
	Cases, Expected float64
	// RR is the relative risk (c/μ)/((C − c)/(C − μ)): the rate inside
	// the window over the rate outside it; +Inf when every case is inside.
	RR float64
	// LLR is the log-likelihood ratio; P its Monte Carlo p-value.
	LLR, P float64
}

// Result is what a scan found.
type Result struct {
	// Clusters are the most likely cluster, then the secondary clusters
	// that share no location with a cluster before them, in decreasing
	// LLR (SaTScan's "no geographical overlap"). Only high-rate windows
	// (c > μ, c ≥ MinCases) are listed.
	Clusters []Cluster
	// Cases and Locations are the totals analysed; Periods the number of
	// periods of a space–time scan (0 for purely spatial); Windows the
	// number of circular windows (each scanned over every interval in
	// space–time).
	Cases     float64
	Locations int
	Periods   int
	Windows   int
	// Missing lists the locations left out for missing coordinates,
	// NoExposure those left out for an expected count of 0; LeftOutCases
	// the cases they held.
	Missing, NoExposure []int
	LeftOutCases        float64
	// Reps is the number of Monte Carlo replicates; Null their largest
	// LLRs, sorted ascending.
	Reps int
	Null []float64 `json:"-"`
	// Abstain is nil, ErrNoCases or ErrTooFewLocations; the scan then
	// reports no cluster.
	Abstain error `json:"-"`
}

// Critical returns the LLR that a most likely cluster must exceed to be
// significant at level alpha: the ⌈(1 − alpha)(Reps + 1)⌉-th smallest
// replicate maximum (SaTScan's "critical value"). It returns +Inf when
// alpha is too small for the number of replicates.
func (r Result) Critical(alpha float64) float64 {
	k := int(math.Ceil((1 - alpha) * float64(len(r.Null)+1)))
	if k < 1 || k > len(r.Null) {
		return math.Inf(1)
	}
	return r.Null[k-1]
}

// prepared is the input after validation: the analysed locations and
// their expected counts rescaled to the total cases.
type prepared struct {
	keep  []int     // original index of each analysed location
	pts   []vec     // their coordinates
	mu    []float64 // expected counts, Σ = total
	total int       // C
	res   Result
}

// prepare validates the data and leaves out locations without coordinates
// or exposure. totals[i] is location i's case count (over all periods).
func prepare(totals, expected []float64, at []Point, cfg Config) (prepared, error) {
	if len(expected) != len(totals) || len(at) != len(totals) {
		panic("scan: slice length mismatch")
	}
	if err := cfg.Validate(); err != nil {
		return prepared{}, err
	}
	var p prepared
	var sumE, sumC float64
	for i := range totals {
		if err := checkCases(i, totals[i]); err != nil {
			return prepared{}, err
		}
		if err := checkExpected(i, expected[i]); err != nil {
			return prepared{}, err
		}
		ok, err := checkPoint(i, at[i], cfg.Geometry)
		switch {
		case err != nil:
			return prepared{}, err
		case !ok:
			p.res.Missing = append(p.res.Missing, i)
			p.res.LeftOutCases += totals[i]
			continue
		case expected[i] == 0:
			p.res.NoExposure = append(p.res.NoExposure, i)
			p.res.LeftOutCases += totals[i]
			continue
		}
		p.keep = append(p.keep, i)
		p.pts = append(p.pts, toVec(at[i], cfg.Geometry))
		sumE += expected[i]
		sumC += totals[i]
	}
	if sumC > maxTotalCases {
		return prepared{}, fmt.Errorf("scan: %v cases in all: more than the %d the Monte Carlo tables hold", sumC, maxTotalCases)
	}
	p.total = int(sumC)
	p.res.Cases, p.res.Locations, p.res.Reps = sumC, len(p.keep), cfg.Reps
	switch {
	case len(p.keep) < 2:
		p.res.Abstain = ErrTooFewLocations
	case p.total == 0:
		p.res.Abstain = ErrNoCases
	}
	p.mu = make([]float64, len(p.keep))
	for k, i := range p.keep {
		p.mu[k] = expected[i] * sumC / sumE
	}
	return p, nil
}

// best is a centre's most likely window: its index, the interval (space–
// time) and its LLR.
type best struct {
	centre int
	win    int
	t1, t2 int32
	llr    float64
}

// secondary picks the clusters from the centres' best windows: in
// decreasing LLR, each that shares no location with one kept before it,
// up to max (0 for all). LLRs equal to 1e-9 (the same window seen from two
// centres, up to rounding) are taken in centre order.
func secondary(cands []best, w *windows, n, max int) []best {
	cands = slices.DeleteFunc(cands, func(b best) bool { return !(b.llr > 0) })
	slices.SortStableFunc(cands, func(a, b best) int {
		if c := cmp.Compare(llrKey(b.llr), llrKey(a.llr)); c != 0 {
			return c
		}
		return cmp.Compare(a.centre, b.centre)
	})
	used := make([]bool, n)
	var out []best
	for _, b := range cands {
		locs := w.nb[w.nbOff[b.centre] : w.nbOff[b.centre]+int(w.end[b.win])]
		if slices.ContainsFunc(locs, func(j int32) bool { return used[j] }) {
			continue
		}
		for _, j := range locs {
			used[j] = true
		}
		out = append(out, b)
		if max > 0 && len(out) == max {
			break
		}
	}
	return out
}

func llrKey(x float64) float64 { return math.Round(x * 1e9) }

// cluster fills in a reported cluster from a centre's best window with c
// cases and mu expected.
func (p *prepared) cluster(b best, w *windows, g Geometry, c, mu float64) Cluster {
	locs := w.nb[w.nbOff[b.centre] : w.nbOff[b.centre]+int(w.end[b.win])]
	cl := Cluster{Centre: p.keep[b.centre], Start: int(b.t1), End: int(b.t2), Cases: c, Expected: mu, LLR: b.llr,
		P: pValue(p.res.Null, b.llr)}
	cl.Locations = make([]int, len(locs))
	for k, j := range locs {
		cl.Locations[k] = p.keep[j]
	}
	last := locs[len(locs)-1]
	cl.Radius = distance(dist2(p.pts[b.centre], p.pts[last]), g)
	C := float64(p.total)
	cl.RR = math.Inf(1)
	if c < C {
		cl.RR = (c / mu) / ((C - c) / (C - mu))
	}
	return cl
}
