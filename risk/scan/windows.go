package scan

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// vec is a location in the space distances are taken in: (x, y, 0) for
// Planar, a point on the unit sphere for LonLat, where the squared chord
// is a monotone function of the great-circle distance.
type vec struct{ x, y, z float64 }

func toVec(p Point, g Geometry) vec {
	if g == Planar {
		return vec{p.X, p.Y, 0}
	}
	lon, lat := p.X*math.Pi/180, p.Y*math.Pi/180
	return vec{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
}

func dist2(a, b vec) float64 {
	dx, dy, dz := a.x-b.x, a.y-b.y, a.z-b.z
	return dx*dx + dy*dy + dz*dz
}

// distance turns a squared distance of the vec space into the reported
// distance: Euclidean for Planar, great-circle kilometres for LonLat.
func distance(d2 float64, g Geometry) float64 {
	if g == Planar {
		return math.Sqrt(d2)
	}
	chord := math.Min(math.Sqrt(d2), 2)
	return 2 * EarthRadius * math.Asin(chord/2)
}

// checkPoint reports whether p has coordinates, and an error for
// coordinates that cannot be (a latitude beyond ±90°: often longitude and
// latitude swapped).
func checkPoint(i int, p Point, g Geometry) (ok bool, err error) {
	if math.IsNaN(p.X) || math.IsNaN(p.Y) {
		return false, nil
	}
	if math.IsInf(p.X, 0) || math.IsInf(p.Y, 0) {
		return false, fmt.Errorf("scan: location %d: infinite coordinate (%v, %v)", i, p.X, p.Y)
	}
	if g == LonLat && (math.Abs(p.Y) > 90 || math.Abs(p.X) > 360) {
		return false, fmt.Errorf("scan: location %d: longitude %v, latitude %v out of range (swapped?)", i, p.X, p.Y)
	}
	return true, nil
}

// windows holds every centre's neighbours, nearest first, and the ends of
// its circular windows.
type windows struct {
	nb     []int32 // neighbours of all centres, concatenated
	nbOff  []int   // centre i's neighbours are nb[nbOff[i]:nbOff[i+1]]
	end    []int32 // window ends of all centres: the window holds the centre's first end neighbours
	mu     []float64
	winOff []int // centre i's windows are end[winOff[i]:winOff[i+1]]
}

type cand struct {
	d2 float64
	j  int32
}

// buildWindows finds, for every location, its neighbours sorted by
// distance (ties by index) and the circular windows centred on it whose
// expected count mu stays at most limit and whose squared radius stays at
// most maxD2 (+Inf for none), holding at least minLocs locations. Windows
// end only after a whole group of equally distant neighbours. Centres are
// processed in parallel.
func buildWindows(pts []vec, mu []float64, limit, maxD2 float64, minLocs, workers int) windows {
	n := len(pts)
	type out struct {
		nb  []int32
		end []int32
		mu  []float64
	}
	res := make([]out, n)
	g := newGrid(pts, maxD2)
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]cand, 0, n)
			for i := range next {
				nb, ends, mus := nearest(g.near(buf, i, pts), mu, limit, maxD2, minLocs)
				res[i] = out{nb, ends, mus}
			}
		}()
	}
	wg.Wait()
	var w windows
	w.nbOff = make([]int, n+1)
	w.winOff = make([]int, n+1)
	for i, r := range res {
		w.nbOff[i+1] = w.nbOff[i] + len(r.nb)
		w.winOff[i+1] = w.winOff[i] + len(r.end)
	}
	w.nb = make([]int32, 0, w.nbOff[n])
	w.end = make([]int32, 0, w.winOff[n])
	w.mu = make([]float64, 0, w.winOff[n])
	for i := range res {
		w.nb = append(w.nb, res[i].nb...)
		w.end = append(w.end, res[i].end...)
		w.mu = append(w.mu, res[i].mu...)
		res[i] = out{}
	}
	return w
}

// nearest returns a centre's neighbours within the largest window whose
// expected count is at most limit and whose squared radius is at most
// maxD2, sorted by distance, and the ends and expected counts of its
// windows of at least minLocs locations. buf holds the candidates, with
// their squared distances to the centre: every location within maxD2 of
// it, and perhaps others.
func nearest(buf []cand, mu []float64, limit, maxD2 float64, minLocs int) (nb, ends []int32, mus []float64) {
	sel := buf[:selectMass(buf, mu, limit)]
	slices.SortFunc(sel, func(a, b cand) int { // no NaN: plain comparisons
		switch {
		case a.d2 < b.d2:
			return -1
		case a.d2 > b.d2:
			return 1
		}
		return int(a.j - b.j)
	})
	// a float sum may exceed the limit by rounding where it equals it
	lim := limit * (1 + 1e-12)
	var sum float64
	kept := 0
	for k := 0; k < len(sel) && sel[k].d2 <= maxD2; {
		g := k
		for ; g < len(sel) && sel[g].d2 == sel[k].d2; g++ {
			sum += mu[sel[g].j]
		}
		if sum > lim {
			break
		}
		if g >= minLocs {
			ends = append(ends, int32(g))
			mus = append(mus, sum)
		}
		kept, k = g, g
	}
	nb = make([]int32, kept)
	for k := range nb {
		nb[k] = sel[k].j
	}
	return nb, ends, mus
}

// grid buckets the locations into cubes as wide as the largest radius,
// so that the locations within it of a centre are found in the 27 cubes
// around the centre's. With no bound on the radius it is one bucket of
// every location.
type grid struct {
	side  float64 // a cube's side; 0: one bucket
	cubes map[[3]int32][]int32
	all   []int32
}

func newGrid(pts []vec, maxD2 float64) grid {
	var g grid
	if math.IsInf(maxD2, 1) || !(maxD2 > 0) {
		g.all = make([]int32, len(pts))
		for j := range g.all {
			g.all[j] = int32(j)
		}
		return g
	}
	// widened by far more than the rounding of the cube indices, so that
	// a location within the radius is never two cubes away
	g.side = math.Sqrt(maxD2) * (1 + 1e-9)
	g.cubes = map[[3]int32][]int32{}
	for j, p := range pts {
		k := g.cube(p)
		g.cubes[k] = append(g.cubes[k], int32(j))
	}
	return g
}

func (g grid) cube(p vec) [3]int32 {
	return [3]int32{int32(math.Floor(p.x / g.side)), int32(math.Floor(p.y / g.side)), int32(math.Floor(p.z / g.side))}
}

// near returns buf filled with the candidates for centre i's windows and
// their squared distances to it: the locations of the cubes around i's
// (every location within the radius: each coordinate differs by at most
// the side), or every location.
func (g grid) near(buf []cand, i int, pts []vec) []cand {
	buf = buf[:0]
	add := func(js []int32) {
		for _, j := range js {
			buf = append(buf, cand{dist2(pts[i], pts[j]), j})
		}
	}
	if g.side == 0 {
		add(g.all)
		return buf
	}
	k := g.cube(pts[i])
	for dx := int32(-1); dx <= 1; dx++ {
		for dy := int32(-1); dy <= 1; dy++ {
			for dz := int32(-1); dz <= 1; dz++ {
				add(g.cubes[[3]int32{k[0] + dx, k[1] + dy, k[2] + dz}])
			}
		}
	}
	return buf
}

// selectMass reorders a so that a[:k] holds the candidates nearest the
// centre up to and including the first group of equally distant ones at
// which their mass first exceeds limit (all of a when the total does
// not), and returns k: a weighted quickselect with three-way partitions,
// O(len(a)) on average.
func selectMass(a []cand, mass []float64, limit float64) int {
	lo, hi := 0, len(a)
	need := limit
	for lo < hi {
		pivot := median3(a[lo].d2, a[(lo+hi)/2].d2, a[hi-1].d2)
		lt, gt := partition3(a, lo, hi, pivot)
		var mLess, mEq float64
		for _, c := range a[lo:lt] {
			mLess += mass[c.j]
		}
		for _, c := range a[lt:gt] {
			mEq += mass[c.j]
		}
		switch {
		case mLess > need:
			hi = lt
		case mLess+mEq > need:
			return gt
		default:
			need -= mLess + mEq
			lo = gt
		}
	}
	return lo
}

func median3(a, b, c float64) float64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		return a
	}
	return b
}

// partition3 rearranges a[lo:hi] into d2 < pivot, == pivot, > pivot and
// returns the bounds lt, gt of the middle part (Dijkstra's three-way
// partition).
func partition3(a []cand, lo, hi int, pivot float64) (lt, gt int) {
	lt, i, gt := lo, lo, hi
	for i < gt {
		switch d := a[i].d2; {
		case d < pivot:
			a[lt], a[i] = a[i], a[lt]
			lt++
			i++
		case d > pivot:
			gt--
			a[gt], a[i] = a[i], a[gt]
		default:
			i++
		}
	}
	return lt, gt
}

func workerCount(w int) int {
	if w > 0 {
		return w
	}
	return runtime.GOMAXPROCS(0)
}
