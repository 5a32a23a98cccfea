package data

import (
	"strconv"
	"strings"
	"testing"
)

// TestProvinceProfile checks the province's shape without generating it
// (that takes half a minute and 1.3 GB; make bench-province does).
func TestProvinceProfile(t *testing.T) {
	p := ProvinceProfile()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Province == nil || p.Province.Code != "510000" {
		t.Fatalf("province %+v, want 510000", p.Province)
	}
	ds := p.Districts()
	if len(p.Cities) != 21 || len(ds) != 185 {
		t.Errorf("%d cities, %d districts; want Sichuan's 21 and 185", len(p.Cities), len(ds))
	}
	if n := townshipsOf(p.Cities); n < 2500 || n > 3000 {
		t.Errorf("%d townships, want about 2,770 (about 50,000 scored units)", n)
	}
	if f := p.Figures; f.Exact || f.CasesFiled < 7*1977 || f.CasesFiled > 9*1977 {
		t.Errorf("figures %+v: want the seed's scaled about 8 times, not exact", f)
	}
	names := map[string]bool{}
	for _, d := range ds {
		if names[d.Name] {
			t.Errorf("district name %s repeated", d.Name)
		}
		names[d.Name] = true
	}
	if p2 := ProvinceProfile(); p2.Districts()[100] != ds[100] {
		t.Error("the province's districts differ between two calls")
	}
}

// TestScaledProfile checks that the growth benchmark's worlds have k times
// Chengdu's townships.
func TestScaledProfile(t *testing.T) {
	for _, k := range []float64{1, 3, 10} {
		p := ScaledProfile(k)
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		want := k * 340
		if n := float64(townshipsOf(p.Cities)); n < want*0.98 || n > want*1.02 {
			t.Errorf("ScaledProfile(%g): %g townships, want about %g", k, n, want)
		}
		if (k == 1) != (p.Province == nil) {
			t.Errorf("ScaledProfile(%g): province %v", k, p.Province)
		}
	}
}

// TestProvinceTree generates a province of three small cities and checks
// the tree: province › city › district › township › village and station,
// populations summed up it, and surveys of the province and its cities.
func TestProvinceTree(t *testing.T) {
	p := ProvinceProfile()
	p.Cities = p.Cities[:3]
	for i := range p.Cities {
		c := &p.Cities[i]
		c.Districts = c.Districts[:min(2, len(c.Districts))]
		for j := range c.Districts {
			c.Districts[j].Townships = 2
		}
	}
	p.Figures = smallFigures()
	dir := t.TempDir()
	tr, err := Generate(p, 5, dir)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Units["province"] != 1 || tr.Units["city"] != 3 || tr.Units["district"] != 6 || tr.Units["township"] != 12 {
		t.Fatalf("units per level %v", tr.Units)
	}
	units := readLedger(t, dir, "units")
	level := map[string]string{}
	parent := map[string]string{}
	pop := map[string]int{}
	for _, r := range units.rows {
		id := units.get(r, "unit_id")
		level[id], parent[id] = units.get(r, "level"), units.get(r, "parent_id")
		pop[id], _ = strconv.Atoi(units.get(r, "population"))
	}
	above := map[string]string{"city": "province", "district": "city", "township": "district", "village": "township", "station": "township"}
	sums := map[string]int{}
	for id, l := range level {
		if l == "province" {
			if parent[id] != "" || id != "510000" {
				t.Errorf("province %s has parent %q", id, parent[id])
			}
			continue
		}
		if got := level[parent[id]]; got != above[l] {
			t.Errorf("%s %s: parent %s is a %s, want a %s", l, id, parent[id], got, above[l])
		}
		if l != "city" && !strings.HasPrefix(id, parent[id][:4]) {
			t.Errorf("%s %s: code outside its parent %s", l, id, parent[id])
		}
		if l == "village" || l == "township" || l == "district" || l == "city" {
			sums[parent[id]] += pop[id]
		}
	}
	for id, s := range sums {
		if level[id] != "township" && pop[id] != s {
			t.Errorf("%s %s: population %d, its children's sum %d", level[id], id, pop[id], s)
		}
	}
	if tr.Population != pop["510000"] {
		t.Errorf("truth population %d, the province's %d", tr.Population, pop["510000"])
	}
	surveys := readLedger(t, dir, "surveys")
	byLevel := map[string]int{}
	for _, r := range surveys.rows {
		id := surveys.get(r, "unit_id")
		byLevel[level[id]]++
		if id == "510000" && surveys.get(r, "period") == "2016" && surveys.get(r, "index") != "85.42" {
			t.Errorf("province's 2016 index %s, want 85.42", surveys.get(r, "index"))
		}
	}
	if byLevel["province"] != 2 || byLevel["city"] != 6 || byLevel["district"] != 12 || byLevel["township"] != 24 {
		t.Errorf("survey rows per level %v", byLevel)
	}
}
