package risk

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSpaceCluster: sixty units of ten staff a kilometre apart in three
// districts along a line, one case each. A pocket of five neighbours in
// district A has six each: they are a cluster and are credited, their
// quiet neighbours are not. Every unit of district C has three (a
// district's campaign): its rate is its expectation, so no unit of C is
// credited. A unit without coordinates abstains. Each credited unit's
// records are flagged once each, and the clusters are kept.
func TestSpaceCluster(t *testing.T) {
	const n = 60
	deg := 1 / 111.2 // about a kilometre of latitude
	sc := &scope{index: map[string]int{}, base: map[string][]float64{}}
	staff := make([]float64, n)
	rs := &recordSet{cols: map[string]int{"unit_id": 0, "cases": 1, "longitude": 2, "latitude": 3}}
	pocket := []int{5, 6, 7, 8, 9}
	for i := range n {
		id := fmt.Sprintf("U%02d", i)
		district := []string{"A", "B", "C"}[i/20]
		sc.index[id] = i
		sc.Units = append(sc.Units, scopeUnit{ID: id, Level: "village", District: district})
		staff[i] = 10
		cases := int64(1)
		switch {
		case slices.Contains(pocket, i):
			cases = 6
		case district == "C":
			cases = 3
		}
		var lon, lat any = 104.0, 30 + float64(i+10*(i/20))*deg // districts 10 km apart
		if i == n-1 {
			lon, lat = nil, nil
		}
		rs.rows = append(rs.rows, []any{id, cases, lon, lat})
	}
	sc.base["staff"] = staff
	ind, _ := IndicatorByID("cases_cluster")
	reason, err := parseReason(ind)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Scan.Reps = 199
	in := &ruleInput{ind: &ind, reason: reason, sc: sc, fig: map[string][]float64{}, recs: rs, cfg: cfg,
		asOf: time.Date(2017, 5, 31, 0, 0, 0, 0, time.UTC), months: 24}
	vals, _ := SpaceCluster{}.compute(in)

	var credited []int
	for i, v := range vals {
		switch {
		case i == n-1:
			if !v.Abstains() {
				t.Errorf("unit without coordinates: %+v, want an abstention", v)
			}
		case v.Abstains():
			t.Errorf("unit %d abstains: %s", i, v.Abstain)
		case v.Z > 0:
			credited = append(credited, i)
			if v.Observed != 6 || !(v.Value > 1) {
				t.Errorf("unit %d: observed %v, value %v", i, v.Observed, v.Value)
			}
		case v.Observed != 0 || v.Value != 0:
			t.Errorf("unit %d outside: observed %v, value %v, want 0", i, v.Observed, v.Value)
		}
	}
	if !slices.Equal(credited, pocket) {
		t.Errorf("credited %v, want the pocket %v", credited, pocket)
	}
	if len(in.unitFlags) != len(pocket) {
		t.Errorf("%d units to flag, want %d", len(in.unitFlags), len(pocket))
	}
	var sig int
	for _, c := range in.clusters {
		if c.Significant {
			sig++
			if c.P > cfg.Scan.Alpha || len(c.Units) < cfg.Scan.MinUnits || c.RadiusKm > cfg.Scan.MaxRadiusKm {
				t.Errorf("cluster %+v breaks the configuration", c)
			}
		}
	}
	if sig == 0 {
		t.Error("no significant cluster kept")
	}
	// district A: 45 cases over 20 units × 10 staff × 2 years
	if got := vals[0].Expected; math.Abs(got-20*45.0/400) > 1e-9 {
		t.Errorf("unit 0 expected %v, want the district's rate × its staff-years, 2.25", got)
	}
}

// TestClusterLiveOnlyWithCoordinates: with no coordinates anywhere every
// unit abstains on cases_cluster, and that must not count against any
// unit's share of abstentions although the cases ledger has rows.
func TestClusterLiveOnlyWithCoordinates(t *testing.T) {
	sc := &scope{hasRows: map[string]bool{"cases": true}}
	values := make([][]Value, len(Catalogue))
	k := -1
	for j, ind := range Catalogue {
		values[j] = []Value{abstain("无", "none")}
		if ind.ID == "cases_cluster" {
			k = j
		}
	}
	if live := liveIndicators(sc, values); live[k] {
		t.Error("cases_cluster live with every unit abstaining")
	}
	values[k] = []Value{{}}
	if live := liveIndicators(sc, values); !live[k] {
		t.Error("cases_cluster not live with a unit valued")
	}
}

// TestSpaceClusterAbstains: with no case in the window, or fewer than two
// units with coordinates and staff, every unit abstains and says why.
func TestSpaceClusterAbstains(t *testing.T) {
	for _, tt := range []struct {
		name  string
		cases []int64
		lon   []any
		want  string
	}{
		{"no case", []int64{0, 0, 0}, []any{104.0, 104.01, 104.02}, "no case in 24 months"},
		{"one located", []int64{2, 1, 0}, []any{104.0, nil, nil}, "fewer than two units with coordinates and staff"},
	} {
		sc := &scope{index: map[string]int{}, base: map[string][]float64{"staff": {10, 10, 10}}}
		rs := &recordSet{cols: map[string]int{"unit_id": 0, "cases": 1, "longitude": 2, "latitude": 3}}
		for i := range tt.cases {
			id := fmt.Sprintf("U%d", i)
			sc.index[id] = i
			sc.Units = append(sc.Units, scopeUnit{ID: id, Level: "village", District: "A"})
			var lat any = 30.0
			if tt.lon[i] == nil {
				lat = nil
			}
			rs.rows = append(rs.rows, []any{id, tt.cases[i], tt.lon[i], lat})
		}
		ind, _ := IndicatorByID("cases_cluster")
		reason, _ := parseReason(ind)
		in := &ruleInput{ind: &ind, reason: reason, sc: sc, fig: map[string][]float64{}, recs: rs, cfg: DefaultConfig(),
			asOf: time.Date(2017, 5, 31, 0, 0, 0, 0, time.UTC), months: 24}
		vals, _ := SpaceCluster{}.compute(in)
		for i, v := range vals {
			if tt.lon[i] != nil && !strings.Contains(v.Abstain, tt.want) {
				t.Errorf("%s: unit %d: %q, want it to say %q", tt.name, i, v.Abstain, tt.want)
			}
		}
	}
}
