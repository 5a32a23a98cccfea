package scan

import (
	"math"
	"slices"
	"testing"
)

// satscanCluster is one cluster as SaTScan prints it.
type satscanCluster struct {
	ids       []int   // "Location IDs included", in SaTScan's order (nearest first)
	radius    float64 // "Coordinates / radius"
	pop       float64 // "Population"
	cases     float64 // "Number of cases"
	expected  float64 // "Expected cases", 2 decimals
	rr        float64 // "Relative risk", 2 decimals
	llr       float64 // "Log likelihood ratio", 6 decimals
	p         float64 // "P-value" (999 replicates)
	radiusTol float64
	obsExpect float64 // "Observed / expected", 2 decimals
}

// SaTScan v9.6, purely spatial, discrete Poisson, high rates, Cartesian
// coordinates (latitude, longitude), maximum 10% of the population at
// risk, minimum 2 cases, 999 replicates, no geographical overlap: smerc's
// tests/scan_test_ny_poisson_circular_cartesian_ubpop_10percent.txt
// (jfrench/smerc, commit ef6ab584), the run behind smerc's
// tests/testthat/test-scan.test.R ("check accuracy for scan.test with
// SatScan for NY data", cases = floor(nydf$cases)). Summary of data:
// 281 locations, population 1057673, 552 cases.
var satscanCartesian10 = []satscanCluster{
	{[]int{49, 48, 50, 47, 1, 15, 51, 2, 13, 14, 3, 35, 16, 52, 36, 37, 12, 11, 5, 17, 10, 4, 6, 38, 18, 9},
		0.070, 95249, 85, 49.71, 1.84, 11.577255, 0.0010, 0.0005, 1.71},
	{[]int{89, 88, 87, 84, 90, 86, 92, 85}, 0.13, 34083, 38, 17.79, 2.22, 9.019716, 0.013, 0.005, 2.14},
	{[]int{112, 113, 115, 111, 116, 219, 117, 123, 218, 114, 122, 110, 124, 220, 118, 133, 121, 125, 216, 120, 134, 217,
		126, 139, 215, 132, 141, 140, 127, 142, 138, 131, 119}, 0.040, 78280, 64, 40.85, 1.64, 6.114140, 0.216, 0.0005, 1.57},
	{[]int{62, 64, 67, 65}, 0.061, 24571, 25, 12.82, 1.99, 4.651839, 0.609, 0.0005, 1.95},
	{[]int{46, 45, 41, 54, 44, 43, 53}, 0.043, 29782, 28, 15.54, 1.84, 4.169203, 0.755, 0.0005, 1.80},
	{[]int{266, 281, 267, 265}, 0.026, 9840, 12, 5.14, 2.37, 3.363518, 0.961, 0.0005, 2.34},
	{[]int{166, 159, 167}, 0.012, 8839, 11, 4.61, 2.41, 3.209485, 0.976, 0.0005, 2.38},
}

// SaTScan v9.3.1, the same analysis on latitude/longitude (great-circle
// distances) with the maximum at 50% of the population at risk (SaTScan's
// default): smerc's tests/scan_test_ny_poisson_circular_longlat.txt
// (commit 89dbbfe4). Radii in km, printed to 2 decimals (see EarthRadius). The first
// cluster's p-value, 0.000087, is SaTScan's Gumbel approximation; with
// 999 replicates the rank p-value cannot go below 0.001.
var satscanLonLat50 = []satscanCluster{
	{[]int{52, 50, 53, 38, 49, 48, 15, 39, 37, 1, 16, 44, 47, 40, 14, 2, 51, 13, 43, 45, 17, 55, 11, 3, 12, 46, 36, 35, 54, 10, 5},
		7.70, 119050, 106, 62.13, 1.87, 14.780276, 0.001, 0.005, 1.71},
	{[]int{88, 87, 92, 86, 89, 91, 93, 85, 90}, 13.01, 40696, 42, 21.24, 2.06, 8.287056, 0.033, 0.005, 1.98},
	{[]int{113, 117, 116, 112, 220, 118, 115, 123, 124, 111, 114, 125, 219, 122, 126, 119}, 2.35, 45667, 44, 23.83, 1.92, 7.199672, 0.105, 0.005, 1.85},
	{[]int{62, 64, 67, 65}, 5.82, 24571, 25, 12.82, 1.99, 4.651839, 0.653, 0.005, 1.95},
	{[]int{132, 138, 121, 131, 139, 120}, 1.16, 6985, 10, 3.65, 2.78, 3.773422, 0.901, 0.005, 2.74},
	{[]int{166, 159, 167}, 1.01, 8839, 11, 4.61, 2.41, 3.209485, 0.982, 0.005, 2.38},
}

// TestSaTScanNY reproduces both SaTScan runs on the New York leukaemia
// data: the integer cases (cases_int = ⌊cases⌋: SaTScan's Poisson model
// takes whole cases, and its summary's 552 cases are their sum; the
// original fractional cases add up to 592), every cluster's locations in
// order, radius, population, cases, expected cases, observed/expected,
// relative risk and LLR to the printed digits, and the p-values within
// Monte Carlo error (four standard errors of a p-value from 999
// replicates, plus the 0.001 step).
func TestSaTScanNY(t *testing.T) {
	d := readNY(t)
	for _, run := range []struct {
		name     string
		at       []Point
		geometry Geometry
		share    float64
		want     []satscanCluster
	}{
		{"cartesian 10%", d.latlonAsCartesian, Planar, 0.1, satscanCartesian10},
		{"lat/long 50%", d.lonlat, LonLat, 0.5, satscanLonLat50},
	} {
		t.Run(run.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Geometry, cfg.MaxShare, cfg.Seed = run.geometry, run.share, 20180522
			res, err := Spatial(d.cases, d.pop, run.at, cfg)
			if err != nil || res.Abstain != nil {
				t.Fatal(err, res.Abstain)
			}
			if res.Cases != 552 || res.Locations != 281 { // SaTScan's summary of data
				t.Errorf("cases %v, locations %d; SaTScan 552, 281", res.Cases, res.Locations)
			}
			if len(res.Clusters) < len(run.want) {
				t.Fatalf("%d clusters, SaTScan %d", len(res.Clusters), len(run.want))
			}
			for k, want := range run.want {
				checkCluster(t, k+1, d, res.Clusters[k], want)
			}
		})
	}
}

func checkCluster(t *testing.T, k int, d nyData, got Cluster, want satscanCluster) {
	t.Helper()
	ids := make([]int, len(got.Locations))
	var pop float64
	for i, j := range got.Locations {
		ids[i] = d.id[j]
		pop += d.pop[j]
	}
	if !slices.Equal(ids, want.ids) {
		t.Errorf("cluster %d: locations %v, SaTScan %v", k, ids, want.ids)
	}
	if d.id[got.Centre] != want.ids[0] {
		t.Errorf("cluster %d: centre %d, SaTScan %d", k, d.id[got.Centre], want.ids[0])
	}
	se := math.Sqrt(want.p*(1-want.p)/999) + 0.001
	for _, c := range []struct {
		what      string
		got, want float64
		tol       float64
	}{
		{"radius", got.Radius, want.radius, want.radiusTol},
		{"population", pop, want.pop, 0},
		{"cases", got.Cases, want.cases, 0},
		{"expected", got.Expected, want.expected, 0.005},
		{"observed/expected", got.Cases / got.Expected, want.obsExpect, 0.005},
		{"relative risk", got.RR, want.rr, 0.005},
		{"LLR", got.LLR, want.llr, 5e-7},
		{"p-value", got.P, want.p, 4 * se},
	} {
		if !within(c.got, c.want, c.tol) {
			t.Errorf("cluster %d: %s %.7g, SaTScan %.7g (tolerance %.2g)", k, c.what, c.got, c.want, c.tol)
		}
	}
}
