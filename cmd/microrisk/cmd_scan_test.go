package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type scanOut struct {
	Analysis      string
	Geometry      string
	Locations     int
	Cases         float64
	Population    float64
	Periods       []string
	Missing       []string
	NoPopulation  []string
	LeftOutCases  float64
	EmptyCases    int
	Clusters      []scanClusterJSON
	OtherClusters int
}

func runScanJSON(t *testing.T, args ...string) scanOut {
	t.Helper()
	out, _, err := runArgs(append([]string{"scan", "--json"}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	var s scanOut
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%.400s", err, out)
	}
	return s
}

// satscanNY is one cluster of a SaTScan run on the New York leukaemia
// data: locations, radius, population, cases, expected, relative risk,
// LLR and p-value as printed.
type satscanNY struct {
	ids                              string
	radius, pop, cases, exp, rr, llr float64
	p                                float64
}

// TestScanNYSaTScan reproduces SaTScan's two published runs on the New
// York leukaemia data (Waller & Gotway 2004; 281 tracts, 552 cases: the
// integer cases_int = ⌊cases⌋, which SaTScan's Poisson model and smerc's
// test use, not the fractional originals) through the command:
//
//   - SaTScan v9.6, Cartesian coordinates, maximum 10% of the population:
//     smerc (jfrench/smerc, commit ef6ab584)
//     tests/scan_test_ny_poisson_circular_cartesian_ubpop_10percent.txt,
//     the run behind smerc's tests/testthat/test-scan.test.R;
//   - SaTScan v9.3.1, latitude/longitude, maximum 50% (SaTScan's
//     default): smerc tests/scan_test_ny_poisson_circular_longlat.txt
//     (commit 89dbbfe4).
//
// Every cluster's locations in SaTScan's order, its radius, population,
// cases, expected cases, relative risk and LLR to the printed digits; its
// p-value within Monte Carlo error of 999 replicates (four standard
// errors plus the 0.001 step; SaTScan printed 0.000087 for the lat/long
// run's first cluster from its Gumbel approximation, below what 999
// replicates can give).
func TestScanNYSaTScan(t *testing.T) {
	path := refdataFile(t, "scan/ny_leukemia_satscan_input.csv")
	common := []string{path, "--cases", "cases_int", "--population", "population", "--id", "location_id", "--alpha", "1"}
	cartesian := runScanJSON(t, append(common, "--x", "coord1_lat", "--y", "coord2_lon", "--max-pop", "0.1")...)
	checkNY(t, "cartesian 10%", cartesian, []satscanNY{
		{"49 48 50 47 1 15 51 2 13 14 3 35 16 52 36 37 12 11 5 17 10 4 6 38 18 9", 0.070, 95249, 85, 49.71, 1.84, 11.577255, 0.0010},
		{"89 88 87 84 90 86 92 85", 0.13, 34083, 38, 17.79, 2.22, 9.019716, 0.013},
		{"112 113 115 111 116 219 117 123 218 114 122 110 124 220 118 133 121 125 216 120 134 217 126 139 215 132 141 140 127 142 138 131 119",
			0.040, 78280, 64, 40.85, 1.64, 6.114140, 0.216},
		{"62 64 67 65", 0.061, 24571, 25, 12.82, 1.99, 4.651839, 0.609},
		{"46 45 41 54 44 43 53", 0.043, 29782, 28, 15.54, 1.84, 4.169203, 0.755},
		{"266 281 267 265", 0.026, 9840, 12, 5.14, 2.37, 3.363518, 0.961},
		{"166 159 167", 0.012, 8839, 11, 4.61, 2.41, 3.209485, 0.976},
	})
	lonlat := runScanJSON(t, append(common, "--lat", "coord1_lat", "--lon", "coord2_lon", "--max-pop", "0.5", "--seed", "2")...)
	checkNY(t, "lat/long 50%", lonlat, []satscanNY{
		{"52 50 53 38 49 48 15 39 37 1 16 44 47 40 14 2 51 13 43 45 17 55 11 3 12 46 36 35 54 10 5", 7.70, 119050, 106, 62.13, 1.87, 14.780276, 0.001},
		{"88 87 92 86 89 91 93 85 90", 13.01, 40696, 42, 21.24, 2.06, 8.287056, 0.033},
		{"113 117 116 112 220 118 115 123 124 111 114 125 219 122 126 119", 2.35, 45667, 44, 23.83, 1.92, 7.199672, 0.105},
		{"62 64 67 65", 5.82, 24571, 25, 12.82, 1.99, 4.651839, 0.653},
		{"132 138 121 131 139 120", 1.16, 6985, 10, 3.65, 2.78, 3.773422, 0.901},
		{"166 159 167", 1.01, 8839, 11, 4.61, 2.41, 3.209485, 0.982},
	})
	c := lonlat.Clusters[0]
	if c.Lat == nil || math.Abs(*c.Lat-42.083800) > 5e-7 || math.Abs(*c.Lon+75.989827) > 5e-7 { // "(42.083800 N, 75.989827 W)"
		t.Errorf("centre %v, %v; SaTScan 42.083800 N, 75.989827 W", c.Lat, c.Lon)
	}
	out, _, err := runArgs(append([]string{"scan"}, append(common, "--lat", "coord1_lat", "--lon", "coord2_lon", "--max-pop", "0.5")...)...)
	if err != nil || !strings.Contains(out, "1. centre 52 (42.083800 N, 75.989827 W), radius 7.70 km") || !strings.Contains(out, "LLR                14.780276") {
		t.Errorf("%v\n%s", err, out)
	}
}

func checkNY(t *testing.T, run string, got scanOut, want []satscanNY) {
	t.Helper()
	if got.Locations != 281 || got.Cases != 552 || got.Population != 1057673 || len(got.Missing) != 0 {
		t.Errorf("%s: %d locations, %v cases, population %v; SaTScan 281, 552, 1057673", run, got.Locations, got.Cases, got.Population)
	}
	if len(got.Clusters) < len(want) {
		t.Fatalf("%s: %d clusters, SaTScan %d", run, len(got.Clusters), len(want))
	}
	for k, w := range want {
		c := got.Clusters[k]
		if ids := strings.Join(c.Locations, " "); ids != w.ids || c.Centre != c.Locations[0] {
			t.Errorf("%s cluster %d: %s (centre %s), SaTScan %s", run, k+1, ids, c.Centre, w.ids)
		}
		se := math.Sqrt(w.p*(1-w.p)/999) + 0.001
		for _, v := range []struct {
			what      string
			got, want float64
			tol       float64
		}{
			{"radius", c.Radius, w.radius, 0.005},
			{"population", c.Population, w.pop, 0},
			{"cases", c.Cases, w.cases, 0},
			{"expected", c.Expected, w.exp, 0.005},
			{"relative risk", *c.RR, w.rr, 0.005},
			{"LLR", c.LLR, w.llr, 5e-7},
			{"p-value", c.P, w.p, 4 * se},
		} {
			if math.Abs(v.got-v.want) > v.tol {
				t.Errorf("%s cluster %d: %s %.7g, SaTScan %.7g", run, k+1, v.what, v.got, v.want)
			}
		}
	}
}

// writeSpaceTime writes a monthly file, one row per unit and month of
// 2016, with a cluster planted in the five units nearest U00 in
// September–November (four times the rate); U58 has no coordinates and
// U59 no population.
func writeSpaceTime(t *testing.T) string {
	r := rand.New(rand.NewPCG(12, 2016))
	type unit struct{ lat, lon, pop float64 }
	units := make([]unit, 60)
	for i := range units {
		units[i] = unit{30.5 + 0.4*r.Float64(), 103.9 + 0.5*r.Float64(), float64(2000 + r.IntN(8000))}
	}
	near := make([]int, len(units))
	for i := range near {
		near[i] = i
	}
	slices.SortFunc(near, func(a, b int) int {
		d := func(i int) float64 { return math.Hypot(units[i].lat-units[0].lat, units[i].lon-units[0].lon) }
		return cmpFloat(d(a), d(b))
	})
	hot := map[int]bool{}
	for _, i := range near[:5] {
		hot[i] = true
	}
	var b strings.Builder
	b.WriteString("单位编码,月份,案件数,人口,纬度,经度\n")
	for i, u := range units {
		for m := 1; m <= 12; m++ {
			mu := 0.0004 * u.pop
			if hot[i] && m >= 9 && m <= 11 {
				mu *= 4
			}
			lat, lon, pop := fmt.Sprint(u.lat), fmt.Sprint(u.lon), fmt.Sprint(u.pop)
			if i == 58 {
				lat, lon = "", ""
			}
			if i == 59 {
				pop = ""
			}
			fmt.Fprintf(&b, "U%02d,2016-%02d,%d,%s,%s,%s\n", i, m, poissonDraw(r, mu), pop, lat, lon)
		}
	}
	path := filepath.Join(t.TempDir(), "monthly.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func poissonDraw(r *rand.Rand, mu float64) int {
	l, k, p := math.Exp(-mu), 0, 1.0
	for {
		if p *= r.Float64(); p <= l {
			return k
		}
		k++
	}
}

// TestScanSpaceTime: the planted cluster is found with its months, the
// unit without coordinates and the one without population are left out
// and named, and the purely spatial scan of the same file sums each
// unit's months.
func TestScanSpaceTime(t *testing.T) {
	path := writeSpaceTime(t)
	args := []string{path, "--id", "单位编码", "--cases", "案件数", "--population", "人口", "--lat", "纬度", "--lon", "经度", "--max-pop", "0.2", "--reps", "199"}
	got := runScanJSON(t, append(args, "--time", "月份", "--space-time")...)
	if got.Analysis != "space–time (retrospective)" || len(got.Periods) != 12 || got.Periods[0] != "2016-01" || got.Locations != 58 {
		t.Errorf("%s, periods %v, %d locations", got.Analysis, got.Periods, got.Locations)
	}
	if !slices.Equal(got.Missing, []string{"U58"}) || !slices.Equal(got.NoPopulation, []string{"U59"}) {
		t.Errorf("left out: %v, %v", got.Missing, got.NoPopulation)
	}
	c := got.Clusters[0]
	if c.P > 0.01 || c.Start < "2016-08" || c.Start > "2016-09" || c.End < "2016-11" || c.End > "2016-12" || !slices.Contains(c.Locations, "U00") {
		t.Errorf("most likely cluster %s–%s, %v, p %v", c.Start, c.End, c.Locations, c.P)
	}
	out, _, err := runArgs(append([]string{"scan"}, append(args, "--time", "月份", "--space-time", "--prospective")...)...)
	if err != nil || !strings.Contains(out, "space–time (prospective)") || !strings.Contains(out, "left out            1 locations without coordinates, 1 without population") {
		t.Errorf("%v\n%s", err, out)
	}
	spatial := runScanJSON(t, args...)
	if spatial.Analysis != "purely spatial" || spatial.Locations != 58 || spatial.Cases+spatial.LeftOutCases != got.Cases+got.LeftOutCases {
		t.Errorf("purely spatial: %+v", spatial)
	}
}

func TestScanErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "g.csv")
	os.WriteFile(good, []byte("id,cases,pop,lat,lon\nA,3,100,30.6,104.1\nB,1,200,30.7,104.0\nC,,300,30.65,104.2\n"), 0o600)
	swapped := filepath.Join(dir, "s.csv")
	os.WriteFile(swapped, []byte("id,cases,pop,lat,lon\nA,3,100,104.1,30.6\nB,1,200,104.0,30.7\n"), 0o600)
	frac := filepath.Join(dir, "f.csv")
	os.WriteFile(frac, []byte("id,cases,pop,lat,lon\nA,3.08,100,30.6,104.1\n"), 0o600)
	conflict := filepath.Join(dir, "c.csv")
	os.WriteFile(conflict, []byte("id,cases,pop,lat,lon\nA,3,100,30.6,104.1\nA,1,250,30.6,104.1\n"), 0o600)
	var ue usageError
	base := []string{"--cases", "cases", "--population", "pop", "--lat", "lat", "--lon", "lon"}
	for _, c := range []struct {
		name  string
		args  []string
		usage bool
		says  string
	}{
		{"no cases", []string{"scan", good, "--population", "pop", "--lat", "lat", "--lon", "lon"}, true, "--cases is required"},
		{"no coordinates", []string{"scan", good, "--cases", "cases", "--population", "pop"}, true, "--lat and --lon"},
		{"both sizes", append([]string{"scan", good, "--expected", "pop"}, base...), true, "--population or --expected"},
		{"space-time without time", append([]string{"scan", good, "--space-time", "--id", "id"}, base...), true, "--time C and --id C"},
		{"max-pop", append([]string{"scan", good, "--max-pop", "2"}, base...), true, "MaxShare 2"},
		{"reps", append([]string{"scan", good, "--reps", "0"}, base...), true, "Reps 0"},
		{"max-radius", append([]string{"scan", good, "--max-radius", "-1"}, base...), true, "MaxRadius -1"},
		{"swapped", append([]string{"scan", swapped}, base...), false, "latitude 104.1 out of range (swapped?)"},
		{"fractional", append([]string{"scan", frac}, base...), false, `row 2, column "cases": "3.08": cases must be a whole number`},
		{"conflicting population", append([]string{"scan", conflict, "--id", "id"}, base...), false, `row 3, column "pop": "250": the location has 100 on row 2`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runArgs(c.args...)
			if err == nil || errors.As(err, &ue) != c.usage || !strings.Contains(err.Error(), c.says) {
				t.Errorf("err = %v (usage %v), want usage %v saying %q", err, errors.As(err, &ue), c.usage, c.says)
			}
		})
	}
	got := runScanJSON(t, append([]string{good, "--reps", "9", "--max-pop", "0.5"}, base...)...)
	if got.EmptyCases != 1 || got.Locations != 3 || got.Cases != 4 {
		t.Errorf("empty cases cell: %+v", got)
	}
}

func TestParsePeriods(t *testing.T) {
	for _, c := range []struct {
		labels  []string
		kind    string
		periods []string
		index   []int
		weights []float64
	}{
		{[]string{"3", "1", "5"}, "auto", []string{"1", "2", "3", "4", "5"}, []int{2, 0, 4}, []float64{1, 1, 1, 1, 1}},
		{[]string{"201612", "201701", "201612"}, "auto", []string{"2016-12", "2017-01"}, []int{0, 1, 0}, []float64{31, 31}},
		{[]string{"2016年2月", "2016/3/15", "2016-04"}, "auto", []string{"2016-02", "2016-03", "2016-04"}, []int{0, 1, 2}, []float64{29, 31, 30}},
		{[]string{"42856", "42887"}, "month", []string{"2017-05", "2017-06"}, []int{0, 1}, []float64{31, 30}}, // Excel serials
		{[]string{"2015", "2017"}, "integer", []string{"2015", "2016", "2017"}, []int{0, 2}, []float64{1, 1, 1}},
	} {
		index, periods, weights, err := parsePeriods(c.labels, c.kind)
		if err != nil || !slices.Equal(index, c.index) || !slices.Equal(periods, c.periods) || !slices.Equal(weights, c.weights) {
			t.Errorf("%v (%s): %v %v %v %v", c.labels, c.kind, index, periods, weights, err)
		}
	}
	for _, bad := range [][]string{{"2016-13"}, {"spring"}} {
		if _, _, _, err := parsePeriods(bad, "auto"); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	if _, _, _, err := parsePeriods([]string{"1", "20000"}, "integer"); err == nil || !strings.Contains(err.Error(), "10,000") {
		t.Errorf("too many periods: %v", err)
	}
}
