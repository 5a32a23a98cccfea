package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// benchUnits is the number of units each benchmark processes per
// iteration; units/s is reported with b.ReportMetric.
const benchUnits = 100_000

// benchData is a seeded synthetic world: exposures from 1 to ~1000 staff,
// Poisson-ish events around a 5% rate with a few hot units, and six
// neighbours per unit on a ring.
type benchData struct {
	events, exposure, expected, scores []float64
	positive                           []bool
	neighbours                         [][]int
}

func newBenchData() benchData {
	r := rand.New(rand.NewPCG(1, 2))
	d := benchData{
		events:     make([]float64, benchUnits),
		exposure:   make([]float64, benchUnits),
		expected:   make([]float64, benchUnits),
		scores:     make([]float64, benchUnits),
		positive:   make([]bool, benchUnits),
		neighbours: make([][]int, benchUnits),
	}
	for i := range d.events {
		b := math.Ceil(math.Exp(r.Float64() * 7))
		rate := 0.05
		if r.IntN(50) == 0 {
			rate = 0.2
		}
		mu := rate * b
		d.exposure[i] = b
		d.expected[i] = 0.05 * b
		d.events[i] = math.Max(0, math.Round(mu+math.Sqrt(mu)*r.NormFloat64()))
		d.scores[i] = r.NormFloat64()
		d.positive[i] = r.IntN(20) == 0
		for k := -3; k <= 3; k++ {
			if k != 0 {
				d.neighbours[i] = append(d.neighbours[i], (i+k+benchUnits)%benchUnits)
			}
		}
	}
	return d
}

func reportUnits(b *testing.B) {
	b.ReportMetric(float64(benchUnits)*float64(b.N)/b.Elapsed().Seconds(), "units/s")
}

func BenchmarkFitEBPriorSmooth(b *testing.B) {
	d := newBenchData()
	out := make([]float64, benchUnits)
	b.ReportAllocs()
	for b.Loop() {
		p := FitEBPrior(d.events, d.exposure)
		for i := range out {
			out[i] = p.Smooth(d.events[i], d.exposure[i])
		}
	}
	reportUnits(b)
}

func BenchmarkEmpiricalBayes(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		EmpiricalBayes(d.events, d.exposure)
	}
	reportUnits(b)
}

func BenchmarkExcessRisk(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		ExcessRisk(d.events, d.exposure)
	}
	reportUnits(b)
}

func BenchmarkSpatialEmpiricalBayes(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		SpatialEmpiricalBayes(d.events, d.exposure, d.neighbours)
	}
	reportUnits(b)
}

func BenchmarkSpatialMedianRate(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		SpatialMedianRate(d.events, d.exposure, d.neighbours, nil, 1)
	}
	reportUnits(b)
}

func BenchmarkPoissonLimits(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range d.expected {
			PoissonLimits(e, Coverage998)
		}
	}
	reportUnits(b)
}

func BenchmarkPoissonFunnelZ(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		for i, e := range d.expected {
			PoissonFunnelZ(d.events[i], e)
		}
	}
	reportUnits(b)
}

func BenchmarkBinomialLimits(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range d.exposure {
			BinomialLimits(n, 0.05, Coverage998)
		}
	}
	reportUnits(b)
}

func BenchmarkFitOverdispersion(b *testing.B) {
	d := newBenchData()
	for _, m := range []ODMethod{SHMI, Spiegelhalter} {
		b.Run(m.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				od := FitOverdispersion(d.events, d.expected, m, DefaultTrim)
				for i, e := range d.expected {
					od.Z(d.events[i], e)
				}
			}
			reportUnits(b)
		})
	}
}

func BenchmarkRobustZ(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		RobustZ(d.scores)
	}
	reportUnits(b)
}

func BenchmarkQuantile7(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		Quantile7(0.9, d.scores)
	}
	reportUnits(b)
}

func BenchmarkWinsorize(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		Winsorize(d.scores, 0.1)
	}
	reportUnits(b)
}

func BenchmarkRateRatioTest(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		for i, c := range d.events {
			// recent 12 months against the 24 before
			RateRatioTest(c, 12, d.expected[i]*2, 24)
		}
	}
	reportUnits(b)
}

func BenchmarkPoissonCUSUM(b *testing.B) {
	d := newBenchData()
	counts := make([]float64, 36) // 36 months per unit
	b.ReportAllocs()
	for b.Loop() {
		for i := range benchUnits {
			mu := d.expected[i] / 12
			for t := range counts {
				counts[t] = math.Round(mu * float64(1+(i+t)%3) / 2)
			}
			PoissonCUSUM(counts, mu, 2*mu, 4)
		}
	}
	reportUnits(b)
}

func BenchmarkPercentRank(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		PercentRank(d.scores)
	}
	reportUnits(b)
}

func BenchmarkStandardize(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		Standardize(d.scores)
	}
	reportUnits(b)
}

func BenchmarkAUC(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		AUC(d.scores, d.positive)
	}
	reportUnits(b)
}

func BenchmarkPrecisionAtK(b *testing.B) {
	d := newBenchData()
	b.ReportAllocs()
	for b.Loop() {
		PrecisionAtK(d.scores, d.positive, 500)
	}
	reportUnits(b)
}
