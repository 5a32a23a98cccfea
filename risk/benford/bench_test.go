package benford

import (
	"math"
	"math/rand/v2"
	"testing"
)

// amounts returns n log-normal amounts in yuan, rounded to cents, from a
// fixed seed.
func amounts(n int) []float64 {
	rng := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = math.Round(math.Exp(6+2*rng.NormFloat64())*100) / 100
	}
	return xs
}

// BenchmarkAnalyze runs the default first-two-digit analysis (digits,
// summation, mantissa, duplicates) on 1,000,000 amounts.
func BenchmarkAnalyze(b *testing.B) {
	xs := amounts(1_000_000)
	for _, c := range []struct {
		name string
		cfg  Config
	}{{"decimal", DefaultConfig()}, {"truncate", Config{Method: Truncate, Duplicates: 50}}, {"no-duplicates", Config{}}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.cfg.Analyze(FirstTwo, xs)
			}
			b.ReportMetric(float64(len(xs))*float64(b.N)/b.Elapsed().Seconds(), "values/s")
		})
	}
}

func BenchmarkDigits(b *testing.B) {
	xs := amounts(1 << 16)
	b.Run("decimal", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			Digits(FirstTwo, xs[i&(1<<16-1)])
		}
	})
	b.Run("truncate", func(b *testing.B) {
		c := Config{Method: Truncate}
		for i := 0; b.Loop(); i++ {
			c.Digits(FirstTwo, xs[i&(1<<16-1)])
		}
	})
}
