package scan

import (
	"encoding/csv"
	"github.com/microrisk/microrisk/internal/refdata"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// nyData is the New York leukaemia data of Waller & Gotway (2004), 281
// census tracts, as smerc ships it (refdata/scan/ny_leukemia_satscan_input.csv).
type nyData struct {
	id                []int
	cases, original   []float64 // cases_int = ⌊cases⌋, and the original fractional cases
	pop               []float64
	lonlat, xy        []Point // (longitude, latitude) and Waller & Gotway's projected x, y
	latlonAsCartesian []Point // (latitude, longitude) read as planar, as smerc fed SaTScan
}

func readNY(t testing.TB) nyData {
	t.Helper()
	path := filepath.Join(refdata.Dir(t), "scan", "ny_leukemia_satscan_input.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	num := func(r []string, name string) float64 {
		v, err := strconv.ParseFloat(r[col[name]], 64)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	var d nyData
	for _, r := range recs[1:] {
		d.id = append(d.id, int(num(r, "location_id")))
		d.cases = append(d.cases, num(r, "cases_int"))
		d.original = append(d.original, num(r, "nydf_cases_original"))
		d.pop = append(d.pop, num(r, "population"))
		lat, lon := num(r, "coord1_lat"), num(r, "coord2_lon")
		d.lonlat = append(d.lonlat, Point{lon, lat})
		d.latlonAsCartesian = append(d.latlonAsCartesian, Point{lat, lon})
		d.xy = append(d.xy, Point{num(r, "nydf_x"), num(r, "nydf_y")})
	}
	if len(d.id) != 281 {
		t.Fatalf("%d tracts, want 281", len(d.id))
	}
	return d
}

func within(got, want, atol float64) bool { return math.Abs(got-want) <= atol }
