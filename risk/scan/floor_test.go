package scan

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFloorKeepsMaxima: the pruning floor changes no replicate's maximum.
// Each replicate is scanned with no floor and with floors from low to
// above the maximum itself, on sparse and dense counts.
func TestFloorKeepsMaxima(t *testing.T) {
	for _, rate := range []float64{0.0003, 0.003} {
		at, pop, _, totals := chengduLikeRate(800, 1, rate)
		cfg := DefaultConfig()
		p, err := prepare(totals, pop, at, cfg)
		if err != nil {
			t.Fatal(err)
		}
		w := buildWindows(p.pts, p.mu, cfg.MaxShare*float64(p.total), cfg.maxDist2(), cfg.MinLocations, 2)
		draw := newAlias(p.mu)
		sim := make([]int32, len(p.keep))
		r := rand.New(rand.NewPCG(1, 2))
		for rep := 0; rep < 20; rep++ {
			clear(sim)
			for k := 0; k < p.total; k++ {
				sim[draw.draw(r)]++
			}
			plain := newSpatialScanner(&w, p.total, cfg.MinCases)
			want := plain.scan(slices.Clone(sim), nil)
			for _, f := range []float64{0.5, want / 2, want * 0.999, want, want * 2} {
				s := newSpatialScanner(&w, p.total, cfg.MinCases)
				s.setFloor(f)
				if got := s.scan(sim, nil); got != want {
					t.Fatalf("rate %v rep %d floor %v: max %v, want %v", rate, rep, f, got, want)
				}
			}
		}
	}
}

// TestPackedKeepsMaxima: the replicates scanned four at a time (the
// packed worker, with the floor's rescan) have the same maxima as those
// scanned one at a time, with no floor and with floors up to above most
// maxima, so that some replicates fall below the floor and are rescanned.
func TestPackedKeepsMaxima(t *testing.T) {
	for _, rate := range []float64{0.0003, 0.003} {
		at, pop, _, totals := chengduLikeRate(800, 1, rate)
		cfg := DefaultConfig()
		cfg.MinLocations = 2
		p, err := prepare(totals, pop, at, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if p.total >= packedMaxTotal {
			t.Fatalf("rate %v: %d cases, too many to pack", rate, p.total)
		}
		w := buildWindows(p.pts, p.mu, cfg.MaxShare*float64(p.total), cfg.maxDist2(), cfg.MinLocations, 2)
		draw := newAlias(p.mu)
		const reps = 23 // not a multiple of lanes: the last batch is short
		plain := newSpatialScanner(&w, p.total, cfg.MinCases)
		want := monteCarloBatches(0, reps, 2, 1, plain.worker(draw, len(p.keep), 7))
		below := 0
		for _, f := range []float64{math.Inf(1), 0.5, median(want), slices.Max(want) * 0.999} {
			s := newSpatialScanner(&w, p.total, cfg.MinCases)
			s.setFloor(f)
			got := monteCarloBatches(0, reps, 2, lanes, s.packedWorker(draw, len(p.keep), 7))
			if !slices.Equal(got, want) {
				t.Fatalf("rate %v floor %v: maxima %v, want %v", rate, f, got, want)
			}
			for _, m := range want {
				if m <= f {
					below++
				}
			}
		}
		if below == 0 {
			t.Fatalf("rate %v: no replicate fell below a floor: the rescan went untested", rate)
		}
	}
}
