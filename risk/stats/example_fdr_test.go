package stats_test

import (
	"fmt"

	"github.com/microrisk/microrisk/risk/stats"
)

// Ten units' Benford p-values; at a false-discovery rate of 5% BH flags
// the two smallest, where testing each unit at 5% would flag four.
func ExampleAdjustBH() {
	p := []float64{0.0001, 0.0004, 0.019, 0.03, 0.2, 0.41, 0.55, 0.7, 0.9, 0.98}
	fmt.Printf("%.4f\n", stats.AdjustBH(p))
	fmt.Println(stats.BenjaminiHochberg(p, 0.05))
	// Output:
	// [0.0010 0.0020 0.0633 0.0750 0.4000 0.6833 0.7857 0.8750 0.9800 0.9800]
	// [true true false false false false false false false false]
}
