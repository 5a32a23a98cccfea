package scan

import (
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
