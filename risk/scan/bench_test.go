package scan

import (
	"math"
	"math/rand/v2"
	"testing"
)

// chengduLike is a seeded world the size of the chengdu demo: 6,133 units
// scattered over about 100 × 80 km around Chengdu, denser in the centre,
// with log-normal populations (median 2,000) and cases at 3 per 1,000.
func chengduLike(n, periods int) (at []Point, pop []float64, cases [][]float64, totals []float64) {
	return chengduLikeRate(n, periods, 0.003)
}

func chengduLikeRate(n, periods int, rate float64) (at []Point, pop []float64, cases [][]float64, totals []float64) {
	r := rand.New(rand.NewPCG(2017, 5))
	for i := 0; i < n; i++ {
		rad := 0.5 * math.Sqrt(r.Float64()) * (0.3 + 0.7*r.Float64())
		ang := 2 * math.Pi * r.Float64()
		at = append(at, Point{104.06 + rad*math.Cos(ang), 30.67 + 0.8*rad*math.Sin(ang)})
		p := math.Round(2000 * math.Exp(0.8*r.NormFloat64()))
		pop = append(pop, p)
		row := make([]float64, periods)
		var s float64
		for t := range row {
			row[t] = float64(poisson(r, rate*p/float64(periods)))
			s += row[t]
		}
		cases = append(cases, row)
		totals = append(totals, s)
	}
	return at, pop, cases, totals
}

// BenchmarkSpatialChengdu: the purely spatial scan on 6,133 locations with
// windows up to 10% of the population and 999 replicates (issue 12's bar:
// at most 60 s on 2 cores). Run with
//
//	go test ./risk/scan -run '^$' -bench SpatialChengdu -benchtime 1x
func BenchmarkSpatialChengdu(b *testing.B) {
	at, pop, _, totals := chengduLike(6133, 1)
	cfg := DefaultConfig()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Spatial(totals, pop, at, cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Windows), "windows")
		b.ReportMetric(res.Cases, "cases")
	}
}

// BenchmarkSpatialScoreChengdu: the scan as the cases_cluster indicator
// runs it on the demo: 6,133 locations spread over 180 × 140 km, about
// 2,600 cases,
// circles up to 10 km and at least 2 locations, 999 replicates.
func BenchmarkSpatialScoreChengdu(b *testing.B) {
	at, pop, _, totals := chengduLikeRate(6133, 1, 0.00016)
	for i, p := range at { // spread over the city's 14,000 km² as the demo's units are
		at[i] = Point{104.06 + 1.8*(p.X-104.06), 30.67 + 1.8*(p.Y-30.67)}
	}
	cfg := DefaultConfig()
	cfg.MaxRadius, cfg.MinLocations = 10, 2
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Spatial(totals, pop, at, cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Windows), "windows")
		b.ReportMetric(res.Cases, "cases")
	}
}

// BenchmarkSpaceTimeChengdu: the retrospective space–time scan on the same
// 6,133 locations over 24 monthly periods (intervals up to 12 months),
// 99 replicates: with 51,000 cases (about the demo's reports) and with
// 5,000 (about its cases).
func BenchmarkSpaceTimeChengdu(b *testing.B) {
	b.Run("cases=51k", func(b *testing.B) { benchSpaceTime(b, 0.003) })
	b.Run("cases=5k", func(b *testing.B) { benchSpaceTime(b, 0.0003) })
}

func benchSpaceTime(b *testing.B, rate float64) {
	at, pop, cases, _ := chengduLikeRate(6133, 24, rate)
	cfg := DefaultConfig()
	cfg.Reps = 99
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := SpaceTime(cases, pop, nil, at, cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Windows), "windows")
	}
}
