package benford

import (
	"math"
	"slices"
)

// SecondOrder returns the input of Nigrini's second-order test: the positive
// finite values sorted, the differences between neighbours rounded to k+3
// decimals (k the number of leading digits test t reads, 2 for LastTwo),
// zero differences dropped. This is benford.analysis' second order with
// discrete = TRUE, round = 3. Analyze the result with the same test; for
// data of any distribution the digits of these differences should follow
// Benford's law closely, and gaps show up as spikes.
func SecondOrder(t Test, values []float64) []float64 {
	k := t.digitsUsed()
	if k == 0 {
		k = 2
	}
	pos := make([]float64, 0, len(values))
	for _, x := range values {
		if x > 0 && !math.IsInf(x, 1) {
			pos = append(pos, x)
		}
	}
	slices.Sort(pos)
	scale := math.Pow10(k + 3)
	out := pos[:0]
	for i := 1; i < len(pos); i++ {
		d := math.Round((pos[i]-pos[i-1])*scale) / scale
		if d > 0 {
			out = append(out, d)
		}
	}
	return slices.Clip(out)
}
