package benford_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/microrisk/microrisk/risk/benford"
	"github.com/microrisk/microrisk/risk/stats"
)

// Three units' payments: two drawn from Benford's law (10^U, U uniform),
// one with 6% of its payments at 4,950 yuan, just under a 5,000 approval
// limit. Each unit is tested at its own n, and the
// units together at a false-discovery rate of 5%.
func ExampleUnitTest() {
	units := [][]float64{benfordish(400, 0, 1), benfordish(2000, 0, 2), benfordish(500, 0.06, 3)}
	p := make([]float64, len(units))
	for i, xs := range units {
		counts := map[int]int64{}
		for _, x := range xs {
			if d, ok := benford.Digits(benford.FirstTwo, x); ok {
				counts[d]++
			}
		}
		var x2 float64
		x2, p[i] = benford.UnitTest(benford.FirstTwo, counts)
		fmt.Printf("unit %d: n %d, X² %.1f, p %.3g\n", i, len(xs), x2, p[i])
	}
	fmt.Println(stats.BenjaminiHochberg(p, 0.05))
	// Output:
	// unit 0: n 400, X² 85.7, p 0.573
	// unit 1: n 2000, X² 99.1, p 0.219
	// unit 2: n 500, X² 302.5, p 4.49e-22
	// [false false true]
}

// benfordish returns n amounts 10^(1 + 4U) drawn with a seeded source,
// of which a share are replaced by 4,950.
func benfordish(n int, share float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 0))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = math.Pow(10, 1+4*r.Float64())
		if float64(i) < share*float64(n) {
			xs[i] = 4950
		}
	}
	return xs
}
