package scan_test

import (
	"fmt"

	"github.com/microrisk/microrisk/risk/scan"
)

// Twenty-five villages on a 5 × 5 grid, 1 km apart, with 1,000 residents
// each and 1 to 3 cases; the four in the south-west corner have 6, 7, 5
// and 6. Windows may hold up to 20% of the residents.
func ExampleSpatial() {
	var cases, pop []float64
	var at []scan.Point
	for i := 0; i < 25; i++ {
		x, y := float64(i%5), float64(i/5)
		c := []float64{2, 1, 3, 2, 1}[i%5]
		if x <= 1 && y <= 1 {
			c = []float64{6, 7, 5, 6}[int(2*y+x)]
		}
		cases, pop, at = append(cases, c), append(pop, 1000), append(at, scan.Point{X: x, Y: y})
	}
	cfg := scan.DefaultConfig()
	cfg.Geometry, cfg.MaxShare, cfg.Seed = scan.Planar, 0.2, 7
	res, err := scan.Spatial(cases, pop, at, cfg)
	if err != nil {
		panic(err)
	}
	c := res.Clusters[0]
	fmt.Printf("centre %d, villages %v, radius %.2f km\n", c.Centre, c.Locations, c.Radius)
	fmt.Printf("%.0f cases, %.2f expected, RR %.2f, LLR %.3f, p %.3f\n", c.Cases, c.Expected, c.RR, c.LLR, c.P)
	// Output:
	// centre 0, villages [0 1 5 6], radius 1.41 km
	// 24 cases, 10.08 expected, RR 3.23, LLR 8.916, p 0.001
}
