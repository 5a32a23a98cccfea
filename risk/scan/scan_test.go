package scan

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

// world is a seeded test world: locations on a small grid with some
// sharing a place (ties in distance), populations, and cases.
type world struct {
	at  []Point
	pop []float64
	st  [][]float64 // cases by period
	sum []float64   // cases over all periods
}

func newWorld(seed uint64, n, T int, rate float64) world {
	r := rand.New(rand.NewPCG(seed, 99))
	w := world{}
	for i := 0; i < n; i++ {
		p := Point{float64(r.IntN(12)), float64(r.IntN(12))}
		if i > 0 && r.IntN(8) == 0 {
			p = w.at[r.IntN(i)] // same place as another location
		}
		w.at = append(w.at, p)
		w.pop = append(w.pop, float64(100+r.IntN(2000)))
		row := make([]float64, T)
		var s float64
		for t := range row {
			row[t] = float64(poisson(r, rate*w.pop[i]/float64(T)))
			s += row[t]
		}
		w.st = append(w.st, row)
		w.sum = append(w.sum, s)
	}
	return w
}

func poisson(r *rand.Rand, mu float64) int {
	l, k, p := math.Exp(-mu), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// naive is a brute-force scan written from the definitions, independent
// of the package's windows and tables: every centre, every distinct
// radius, every interval; direct logs.
type naiveCluster struct {
	centre int
	locs   []int
	t1, t2 int
	llr    float64
}

func naiveScan(at []Point, pop []float64, st [][]float64, share, radius float64, minLocs int, timeShare float64, prospective bool, minCases float64, weights ...float64) (perCentre []naiveCluster, top float64) {
	n, T := len(at), len(st[0])
	if weights == nil {
		for t := 0; t < T; t++ {
			weights = append(weights, 1)
		}
	}
	var W float64
	for _, v := range weights {
		W += v
	}
	var C, P float64
	for i := range st {
		for _, c := range st[i] {
			C += c
		}
		P += pop[i]
	}
	maxLen := max(1, int(math.Floor(timeShare*float64(T)+1e-9)))
	for i := 0; i < n; i++ {
		idx := make([]int, n)
		for j := range idx {
			idx[j] = j
		}
		d := func(j int) float64 { return math.Hypot(at[j].X-at[i].X, at[j].Y-at[i].Y) }
		sort.SliceStable(idx, func(a, b int) bool { return d(idx[a]) < d(idx[b]) })
		best := naiveCluster{centre: i}
		var popIn float64
		for k := 0; k < n; k++ {
			popIn += pop[idx[k]]
			if k+1 < n && d(idx[k+1]) == d(idx[k]) {
				continue // a circle holds every location at its radius
			}
			if popIn > share*P*(1+1e-12) || (radius > 0 && d(idx[k]) > radius) {
				break
			}
			if k+1 < minLocs {
				continue
			}
			for t2 := 0; t2 < T; t2++ {
				if prospective && t2 != T-1 {
					continue
				}
				for t1 := t2; t1 >= 0 && t2-t1 < maxLen; t1-- {
					var c, wt float64
					for _, j := range idx[:k+1] {
						for t := t1; t <= t2; t++ {
							c += st[j][t]
						}
					}
					for t := t1; t <= t2; t++ {
						wt += weights[t]
					}
					mu := popIn / P * wt / W * C
					if c < minCases || c <= mu {
						continue
					}
					llr := c * math.Log(c/mu)
					if c < C {
						llr += (C - c) * math.Log((C-c)/(C-mu))
					}
					if llr > best.llr {
						best = naiveCluster{i, slices.Clone(idx[:k+1]), t1, t2, llr}
					}
				}
			}
		}
		perCentre = append(perCentre, best)
		top = math.Max(top, best.llr)
	}
	return perCentre, top
}

// naiveClusters applies the no-geographical-overlap rule to the centres'
// best windows.
func naiveClusters(per []naiveCluster) []naiveCluster {
	per = slices.Clone(per)
	sort.SliceStable(per, func(a, b int) bool { return llrKey(per[a].llr) > llrKey(per[b].llr) })
	used := map[int]bool{}
	var out []naiveCluster
	for _, c := range per {
		if c.llr <= 0 || slices.ContainsFunc(c.locs, func(j int) bool { return used[j] }) {
			continue
		}
		for _, j := range c.locs {
			used[j] = true
		}
		out = append(out, c)
	}
	return out
}

func sameClusters(t *testing.T, got []Cluster, want []naiveCluster, spaceTime bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d clusters, brute force %d", len(got), len(want))
	}
	for k := range want {
		g, w := got[k], want[k]
		if g.Centre != w.centre || !slices.Equal(sorted(g.Locations), sorted(w.locs)) || math.Abs(g.LLR-w.llr) > 1e-9*math.Max(1, w.llr) {
			t.Errorf("cluster %d: centre %d %v LLR %.12g; brute force centre %d %v LLR %.12g",
				k, g.Centre, g.Locations, g.LLR, w.centre, w.locs, w.llr)
		}
		if spaceTime && (g.Start != w.t1 || g.End != w.t2) {
			t.Errorf("cluster %d: periods %d–%d, brute force %d–%d", k, g.Start, g.End, w.t1, w.t2)
		}
	}
}

func sorted(x []int) []int { x = slices.Clone(x); slices.Sort(x); return x }

// TestSpatialMatchesBruteForce: the clusters (centres, locations, LLR)
// and the replicate path's maximum agree with a brute-force scan written
// from the definitions, on seeded worlds with locations sharing a place.
func TestSpatialMatchesBruteForce(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		w := newWorld(seed, 70, 1, 0.004)
		cfg := DefaultConfig()
		cfg.Geometry, cfg.MaxShare, cfg.Reps = Planar, []float64{0.1, 0.3, 0.5}[seed%3], 19
		// seeds 7–9 bound the radius too (the world is 12 × 12), seeds
		// 10–12 the fewest locations as well
		cfg.MaxRadius = []float64{0, 0, 2.5, 4}[(seed-1)/3]
		cfg.MinLocations = []int{0, 0, 0, 3}[(seed-1)/3]
		res, err := Spatial(w.sum, w.pop, w.at, cfg)
		if err != nil || res.Abstain != nil {
			t.Fatal(err, res.Abstain)
		}
		per, _ := naiveScan(w.at, w.pop, w.st, cfg.MaxShare, cfg.MaxRadius, cfg.MinLocations, 1, false, 2)
		sameClusters(t, res.Clusters, naiveClusters(per), false)
		for _, c := range res.Clusters {
			if cfg.MaxRadius > 0 && c.Radius > cfg.MaxRadius {
				t.Errorf("seed %d: cluster radius %v beyond MaxRadius %v", seed, c.Radius, cfg.MaxRadius)
			}
			if len(c.Locations) < cfg.MinLocations {
				t.Errorf("seed %d: cluster of %d locations, MinLocations %d", seed, len(c.Locations), cfg.MinLocations)
			}
		}

		// the replicate path on other count vectors
		p, _ := prepare(w.sum, w.pop, w.at, cfg)
		win := buildWindows(p.pts, p.mu, cfg.MaxShare*float64(p.total), cfg.maxDist2(), cfg.MinLocations, 2)
		s := newSpatialScanner(&win, p.total, 2)
		r := rand.New(rand.NewPCG(seed, 5))
		for rep := 0; rep < 5; rep++ {
			sim := make([]int32, len(w.sum))
			st := make([][]float64, len(w.sum))
			for k := 0; k < p.total; k++ {
				sim[r.IntN(len(sim))]++
			}
			for i, c := range sim {
				st[i] = []float64{float64(c)}
			}
			_, want := naiveScan(w.at, w.pop, st, cfg.MaxShare, cfg.MaxRadius, cfg.MinLocations, 1, false, 2)
			if got := s.scan(sim, nil); math.Abs(got-want) > 1e-9*math.Max(1, want) {
				t.Errorf("seed %d replicate %d: max LLR %.12g, brute force %.12g", seed, rep, got, want)
			}
			// the same counts in each lane of the packed path
			packed := make([]packedCounts, len(sim))
			for j, c := range sim {
				packed[j] = packedCounts{uint64(c) * laneOnes, uint64(c) * laneOnes}
			}
			for l, got := range s.scanPacked(packed) {
				if math.Abs(got-want) > 1e-9*math.Max(1, want) {
					t.Errorf("seed %d replicate %d lane %d: packed max LLR %.12g, brute force %.12g", seed, rep, l, got, want)
				}
			}
		}
	}
}

// TestSpaceTimeMatchesBruteForce: the same for cylinders, retrospective
// and prospective.
func TestSpaceTimeMatchesBruteForce(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		w := newWorld(seed, 40, 7, 0.01)
		for _, prosp := range []bool{false, true} {
			cfg := DefaultConfig()
			cfg.Geometry, cfg.MaxShare, cfg.Reps, cfg.Prospective = Planar, 0.25, 19, prosp
			res, err := SpaceTime(w.st, w.pop, nil, w.at, cfg)
			if err != nil || res.Abstain != nil {
				t.Fatal(err, res.Abstain)
			}
			per, _ := naiveScan(w.at, w.pop, w.st, cfg.MaxShare, cfg.MaxRadius, cfg.MinLocations, cfg.MaxTimeShare, prosp, 2)
			sameClusters(t, res.Clusters, naiveClusters(per), true)
			if res.Periods != 7 {
				t.Errorf("periods %d", res.Periods)
			}
			// periods of unequal length (days of months)
			days := []float64{31, 28, 31, 30, 31, 30, 31}
			res, err = SpaceTime(w.st, w.pop, days, w.at, cfg)
			if err != nil {
				t.Fatal(err)
			}
			per, _ = naiveScan(w.at, w.pop, w.st, cfg.MaxShare, cfg.MaxRadius, cfg.MinLocations, cfg.MaxTimeShare, prosp, 2, days...)
			sameClusters(t, res.Clusters, naiveClusters(per), true)

			// the replicate path on other counts
			p, _ := prepare(w.sum, w.pop, w.at, cfg)
			win := buildWindows(p.pts, p.mu, cfg.MaxShare*float64(p.total), cfg.maxDist2(), cfg.MinLocations, 2)
			shares, _ := periodShares(days, 7)
			sc := newSTScanner(&win, 7, shares, p.total, cfg)
			r := rand.New(rand.NewPCG(seed, 77))
			for rep := 0; rep < 4; rep++ {
				sim := make([]int32, len(w.sum)*7)
				st := make([][]float64, len(w.sum))
				for k := 0; k < p.total; k++ {
					sim[r.IntN(len(sim))]++
				}
				for i := range st {
					st[i] = make([]float64, 7)
					for tt := range st[i] {
						st[i][tt] = float64(sim[i*7+tt])
					}
				}
				_, want := naiveScan(w.at, w.pop, st, cfg.MaxShare, cfg.MaxRadius, cfg.MinLocations, cfg.MaxTimeShare, prosp, 2, days...)
				if got := sc.scan(sim, nil); math.Abs(got-want) > 1e-9*math.Max(1, want) {
					t.Errorf("seed %d replicate %d: max LLR %.12g, brute force %.12g", seed, rep, got, want)
				}
			}
		}
	}
}

// TestSpaceTimeManyPeriods: more than 64 periods take the plain loops
// (no bit sets of fresh periods); still the brute force's clusters.
func TestSpaceTimeManyPeriods(t *testing.T) {
	w := newWorld(9, 25, 70, 0.01)
	cfg := DefaultConfig()
	cfg.Geometry, cfg.MaxShare, cfg.Reps, cfg.MaxTimeShare = Planar, 0.3, 9, 0.2
	res, err := SpaceTime(w.st, w.pop, nil, w.at, cfg)
	if err != nil {
		t.Fatal(err)
	}
	per, _ := naiveScan(w.at, w.pop, w.st, cfg.MaxShare, cfg.MaxRadius, cfg.MinLocations, cfg.MaxTimeShare, false, 2)
	sameClusters(t, res.Clusters, naiveClusters(per), true)
}

// TestSpaceTimePlanted: a cluster planted in 6 neighbouring locations for
// periods 8–10 of 12 at three times the rate is found, with its periods,
// at p ≤ 0.01; the same world without it has no significant cluster.
func TestSpaceTimePlanted(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 42))
	const n, T = 200, 12
	at := make([]Point, n)
	pop := make([]float64, n)
	st := make([][]float64, n)
	clean := make([][]float64, n)
	hot := map[int]bool{}
	for i := range at {
		at[i] = Point{104 + r.Float64()*0.8, 30.4 + r.Float64()*0.6} // about Chengdu
		pop[i] = float64(500 + r.IntN(3000))
	}
	// the six nearest to the first location
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool {
		da := math.Hypot(at[idx[a]].X-at[0].X, at[idx[a]].Y-at[0].Y)
		db := math.Hypot(at[idx[b]].X-at[0].X, at[idx[b]].Y-at[0].Y)
		return da < db
	})
	for _, j := range idx[:6] {
		hot[j] = true
	}
	for i := range st {
		st[i] = make([]float64, T)
		clean[i] = make([]float64, T)
		for tt := range st[i] {
			mu := 0.0005 * pop[i]
			clean[i][tt] = float64(poisson(r, mu))
			if hot[i] && tt >= 8 && tt <= 10 {
				mu *= 3
			}
			st[i][tt] = float64(poisson(r, mu))
		}
	}
	cfg := DefaultConfig()
	cfg.Reps = 199
	res, err := SpaceTime(st, pop, nil, at, cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := res.Clusters[0]
	var found int
	for _, j := range c.Locations {
		if hot[j] {
			found++
		}
	}
	if c.P > 0.01 || found < 4 || c.Start < 7 || c.Start > 9 || c.End < 9 || c.End > 11 {
		t.Errorf("most likely cluster: %d of its %d locations planted, periods %d–%d, RR %.2f, p %.3f",
			found, len(c.Locations), c.Start, c.End, c.RR, c.P)
	}
	res, err = SpaceTime(clean, pop, nil, at, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Clusters[0].P < 0.01 {
		t.Errorf("no cluster planted, yet p = %.3f", res.Clusters[0].P)
	}
}

// TestNullPValues: with no cluster, the most likely cluster's p-value is
// about uniform: over 200 seeded worlds, about 5% fall at or below 0.05
// (within four binomial standard errors) — the Monte Carlo test holds its
// size.
func TestNullPValues(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	const worlds = 200
	var at05 int
	for s := uint64(0); s < worlds; s++ {
		w := newWorld(1000+s, 50, 1, 0.01)
		cfg := DefaultConfig()
		cfg.Geometry, cfg.Reps, cfg.Seed, cfg.MaxShare = Planar, 99, s, 0.2
		res, err := Spatial(w.sum, w.pop, w.at, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if res.Clusters[0].P <= 0.05 {
			at05++
		}
	}
	rate := float64(at05) / worlds
	if se := math.Sqrt(0.05 * 0.95 / worlds); math.Abs(rate-0.05) > 4*se {
		t.Errorf("%.3f of null worlds at p ≤ 0.05", rate)
	}
	t.Logf("%.3f of null worlds at p ≤ 0.05", rate)
}

func TestWorkersDoNotChangeResults(t *testing.T) {
	w := newWorld(7, 80, 1, 0.005)
	var nulls [][]float64
	for _, workers := range []int{1, 2, 3} {
		cfg := DefaultConfig()
		cfg.Geometry, cfg.Reps, cfg.Workers = Planar, 50, workers
		res, err := Spatial(w.sum, w.pop, w.at, cfg)
		if err != nil {
			t.Fatal(err)
		}
		nulls = append(nulls, res.Null)
	}
	if !slices.Equal(nulls[0], nulls[1]) || !slices.Equal(nulls[0], nulls[2]) {
		t.Error("replicate maxima depend on the number of workers")
	}
}

func TestMissingAndBadData(t *testing.T) {
	cases := []float64{3, 1, 0, 4, 2, 5}
	pop := []float64{100, 200, 150, 0, 120, 300}
	nan := math.NaN()
	at := []Point{{104, 30}, {104.1, 30.1}, {nan, 30}, {104.2, 30}, {104, 30.2}, {104.3, 30.3}}
	cfg := DefaultConfig()
	cfg.Reps, cfg.MaxShare = 9, 0.5
	res, err := Spatial(cases, pop, at, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Missing, []int{2}) || !slices.Equal(res.NoExposure, []int{3}) || res.LeftOutCases != 4 ||
		res.Locations != 4 || res.Cases != 11 {
		t.Errorf("left out: missing %v, no exposure %v, %v cases; analysed %d locations, %v cases",
			res.Missing, res.NoExposure, res.LeftOutCases, res.Locations, res.Cases)
	}
	for _, c := range res.Clusters {
		if slices.Contains(c.Locations, 2) || slices.Contains(c.Locations, 3) {
			t.Errorf("cluster holds a left-out location: %v", c.Locations)
		}
	}

	bad := []struct {
		name  string
		cases []float64
		pop   []float64
		at    []Point
		says  string
	}{
		{"negative cases", []float64{-1, 2}, []float64{1, 1}, []Point{{1, 1}, {2, 2}}, "location 0: cases -1"},
		{"fractional cases", []float64{1, 2.5}, []float64{1, 1}, []Point{{1, 1}, {2, 2}}, "location 1: cases 2.5"},
		{"negative population", []float64{1, 2}, []float64{1, -3}, []Point{{1, 1}, {2, 2}}, "location 1: expected count -3"},
		{"swapped lat/lon", []float64{1, 2}, []float64{1, 1}, []Point{{30.6, 104.1}, {30.7, 104.0}}, "swapped?"},
	}
	for _, b := range bad {
		if _, err := Spatial(b.cases, b.pop, b.at, cfg); err == nil || !strings.Contains(err.Error(), b.says) {
			t.Errorf("%s: err = %v", b.name, err)
		}
	}
	if _, err := SpaceTime([][]float64{{1}, {2}}, []float64{1, 1}, []float64{0}, []Point{{1, 1}, {2, 2}}, cfg); err == nil {
		t.Error("zero period weight accepted")
	}
	cfg.MaxShare = 0
	if _, err := Spatial([]float64{1, 2}, []float64{1, 1}, []Point{{1, 1}, {2, 2}}, cfg); err == nil {
		t.Error("MaxShare 0 accepted")
	}

	cfg = DefaultConfig()
	res, _ = Spatial([]float64{0, 0, 0}, []float64{1, 1, 1}, []Point{{1, 1}, {2, 2}, {3, 3}}, cfg)
	if !errors.Is(res.Abstain, ErrNoCases) || len(res.Clusters) != 0 {
		t.Errorf("no cases: %+v", res)
	}
	res, _ = Spatial([]float64{1, 1}, []float64{1, 1}, []Point{{1, 1}, {nan, 2}}, cfg)
	if !errors.Is(res.Abstain, ErrTooFewLocations) {
		t.Errorf("one location: %v", res.Abstain)
	}
}

// TestMaxRadiusLonLat: on longitude and latitude the bound is in
// kilometres: locations 1 km apart along a meridian, cases heaped on
// eleven of them; a 2.5-km bound keeps the cluster to five (its centre
// and two on each side), no bound lets it take all eleven.
func TestMaxRadiusLonLat(t *testing.T) {
	const n = 60
	deg := 180 / (math.Pi * EarthRadius) // one kilometre of latitude
	var at []Point
	cases, pop := make([]float64, n), make([]float64, n)
	for i := range n {
		at = append(at, Point{104, 30 + float64(i)*deg})
		pop[i] = 100
		cases[i] = 1
		if i >= 20 && i <= 30 {
			cases[i] = 12
		}
	}
	for _, tt := range []struct {
		radius float64
		want   int
	}{{2.5, 5}, {0, 11}} {
		cfg := DefaultConfig()
		cfg.Reps, cfg.MaxShare, cfg.MaxRadius = 99, 0.5, tt.radius
		res, err := Spatial(cases, pop, at, cfg)
		if err != nil || len(res.Clusters) == 0 {
			t.Fatalf("radius %v: %v, %d clusters", tt.radius, err, len(res.Clusters))
		}
		c := res.Clusters[0]
		if len(c.Locations) != tt.want || (tt.radius > 0 && c.Radius > tt.radius) {
			t.Errorf("radius %v: most likely cluster of %d locations, radius %.3f km; want %d", tt.radius, len(c.Locations), c.Radius, tt.want)
		}
	}
	bad := DefaultConfig()
	bad.MaxRadius = -1
	if bad.Validate() == nil {
		t.Error("a negative MaxRadius is accepted")
	}
}

// TestGridKeepsWindows: the windows built from the grid's candidates are
// those built from every location, on longitude and latitude and on the
// plane, with locations heaped at a few places and spread exactly one
// radius apart (on a cube's edge).
func TestGridKeepsWindows(t *testing.T) {
	deg := 180 / (math.Pi * EarthRadius) // one kilometre of latitude
	r := rand.New(rand.NewPCG(3, 4))
	for _, g := range []Geometry{LonLat, Planar} {
		var at []Point
		var mu []float64
		for i := range 400 {
			p := Point{104 + 0.3*r.Float64(), 30.5 + 0.3*r.Float64()}
			switch {
			case i%7 == 0: // a heap of locations at one place
				p = Point{104.1, 30.6}
			case i%5 == 0: // a row of locations 2 km apart
				p = Point{104.2, 30.5 + float64(i)*2*deg}
			}
			if g == Planar {
				p = Point{p.X * 100, p.Y * 100}
			}
			at = append(at, p)
			mu = append(mu, 1+r.Float64())
		}
		cfg := DefaultConfig()
		cfg.Geometry = g
		for _, radius := range []float64{0.5, 2, 5, 12} {
			cfg.MaxRadius = radius
			p, err := prepare(make([]float64, len(at)), mu, at, cfg)
			if err != nil {
				t.Fatal(err)
			}
			limit := 0.2 * float64(len(at))
			got := buildWindows(p.pts, mu, limit, cfg.maxDist2(), 2, 2)
			all := newGrid(p.pts, math.Inf(1))
			for i := range p.pts {
				nb, ends, mus := nearest(all.near(nil, i, p.pts), mu, limit, cfg.maxDist2(), 2)
				gnb := got.nb[got.nbOff[i]:got.nbOff[i+1]]
				gends := got.end[got.winOff[i]:got.winOff[i+1]]
				gmus := got.mu[got.winOff[i]:got.winOff[i+1]]
				if !slices.Equal(nb, gnb) || !slices.Equal(ends, gends) || !slices.Equal(mus, gmus) {
					t.Fatalf("%v radius %v centre %d: grid gives %d neighbours, %d windows; every location %d, %d",
						g, radius, i, len(gnb), len(gends), len(nb), len(ends))
				}
			}
		}
	}
}
