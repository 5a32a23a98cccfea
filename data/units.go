package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// level is a unit's place in the tree.
type level uint8

const (
	levelProvince level = iota
	levelCity
	levelDistrict
	levelTownship
	levelVillage
	levelStation
)

var levelNames = [...]string{"province", "city", "district", "township", "village", "station"}

func (l level) String() string { return levelNames[l] }

// scored reports whether units of the level are scored (townships,
// villages, stations).
func (l level) scored() bool { return l >= levelTownship }

// unit is one node of the organisational tree.
type unit struct {
	idx      int
	id, name string
	level    level
	kind     string
	parent   int // index of the parent; -1 for the top (the province, or the city of a city profile)
	district int // index of the district unit; -1 above districts
	township int // index of the township unit; -1 above townships
	pop      int // residents of the area; 0 for stations (null)
	staff    int // the unit's own staff or cadres
	rural    bool
	dist     *District
	city     *City // the unit's city; nil for the province
	station  *stationType
	// risk is the latent risk (mean 1); planted is non-nil for planted units.
	risk    float64
	planted *PlantedUnit
	// excess multiplies a case_excess unit's expected cases and reports
	// from the day its mechanisms start.
	excess float64
	// payIntensity multiplies the take-up of the unit's programmes.
	payIntensity float64
	// cadres are the unit's leading cadres, roles[i] their posts.
	cadres []*person
	roles  []string
	// residents are people of a village who were paid a benefit.
	residents []*person
}

// has reports whether the unit was planted with pattern.
func (u *unit) has(pattern string) bool {
	if u.planted == nil {
		return false
	}
	for _, p := range u.planted.Patterns {
		if p == pattern {
			return true
		}
	}
	return false
}

// hasPaymentPattern reports whether any of the unit's patterns is planted
// in payments.
func (u *unit) hasPaymentPattern() bool {
	if u.planted == nil {
		return false
	}
	for _, p := range u.planted.Patterns {
		if paymentPatterns[p] {
			return true
		}
	}
	return false
}

// stationType is a kind of grassroots station or service window.
type stationType struct {
	name  string
	kind  string // station, window, school, hospital
	where string // rural, urban or both
	staff [2]int
	pays  string // code of the programme it pays, if any
}

// stationTypes are the stations a township can have. 民政办 and 财政所 come
// first: most townships have them.
var stationTypes = []*stationType{
	{"民政办", "station", "both", [2]int{8, 14}, "linshi"},
	{"财政所", "station", "both", [2]int{8, 16}, "weifang"},
	{"农业服务中心", "station", "rural", [2]int{10, 25}, "nongji"},
	{"社保服务窗口", "window", "both", [2]int{8, 20}, "jiuye"},
	{"便民服务中心", "window", "both", [2]int{10, 24}, ""},
	{"国土所", "station", "both", [2]int{8, 15}, ""},
	{"卫生院", "hospital", "rural", [2]int{30, 60}, ""},
	{"社区卫生服务中心", "hospital", "urban", [2]int{30, 60}, ""},
	{"中心小学", "school", "both", [2]int{25, 60}, ""},
	{"城管执法中队", "station", "urban", [2]int{20, 50}, ""},
	{"市场监管所", "station", "both", [2]int{10, 25}, ""},
	{"林业站", "station", "rural", [2]int{8, 12}, ""},
	{"水务站", "station", "rural", [2]int{8, 12}, ""},
	{"环保所", "station", "both", [2]int{8, 12}, ""},
}

// buildUnits builds the tree: the province if there is one, then each city
// with its districts, townships, and under each township its villages and
// communities followed by its stations. The order is the order of unit_id.
func buildUnits(p Profile, seed uint64) []*unit {
	r := newRand(seed, "units")
	b := &treeBuilder{r: r, stationsMin: p.StationsPerTownship[0], stationsMax: p.StationsPerTownship[1]}
	parent := -1
	var province *unit
	if p.Province != nil {
		province = b.add(&unit{id: p.Province.Code, name: p.Province.Name, level: levelProvince, kind: "other",
			parent: -1, district: -1, township: -1})
		parent = province.idx
	}
	for i := range p.Cities {
		c := &p.Cities[i]
		cu := b.add(&unit{id: c.Code, name: c.Name, level: levelCity, kind: "other", parent: parent,
			district: -1, township: -1, city: c})
		for j := range c.Districts {
			b.addDistrict(cu, &c.Districts[j])
		}
		// The city's own organs: Chengdu's 25,000 staff (whatever part of
		// it a city profile models); in a province, a city's in proportion
		// to its districts.
		cu.staff = 25000
		if province != nil {
			cu.staff = 25000 * len(c.Districts) / len(chengduDistricts)
		}
	}
	b.sumPopulation()
	if province != nil {
		province.staff = 30000
	}
	return b.units
}

type treeBuilder struct {
	r                        *rand.Rand
	stationsMin, stationsMax int
	units                    []*unit
}

func (b *treeBuilder) add(u *unit) *unit {
	u.idx = len(b.units)
	b.units = append(b.units, u)
	return u
}

func (b *treeBuilder) addDistrict(city *unit, d *District) {
	du := b.add(&unit{id: d.Code, name: d.Name, level: levelDistrict, kind: "other", parent: city.idx,
		township: -1, dist: d, city: city.city, staff: between(b.r, 1500, 4000)})
	du.district = du.idx
	effect := lognormal(b.r, 1, 0.15) // districts differ a little
	used := map[string]bool{}
	for t := range d.Townships {
		rural := d.Class == Rural || (d.Class == Suburban && chance(b.r, 0.5))
		b.addTownship(du, t+1, rural, used, effect)
	}
}

func (b *treeBuilder) addTownship(du *unit, seq int, rural bool, used map[string]bool, effect float64) {
	r := b.r
	tu := &unit{id: fmt.Sprintf("%s%03d", du.id, seq), level: levelTownship, parent: du.idx,
		district: du.idx, dist: du.dist, city: du.city, rural: rural, risk: effect * latentRisk(r)}
	base := uniqueName(used, func() string { return placeName(r) })
	switch {
	case !rural:
		tu.name, tu.kind, tu.staff = base+"街道", "street", clampInt(int(lognormal(r, 90, 0.3)), 50, 150)
	case chance(r, 0.2):
		tu.name, tu.kind, tu.staff = base+"乡", "township", clampInt(int(lognormal(r, 55, 0.3)), 40, 120)
	default:
		tu.name, tu.kind, tu.staff = base+"镇", "township", clampInt(int(lognormal(r, 75, 0.3)), 45, 150)
	}
	b.add(tu)
	tu.township = tu.idx
	villages, pops := b.childPopulations(tu)
	names := map[string]bool{}
	for i, pop := range pops {
		b.addVillage(tu, i+1, i >= villages, pop, names, effect)
	}
	b.addStations(tu, effect)
}

// Township populations are kept between 20 and 80 thousand.
const minTownship, maxTownship = 20000, 80000

// childPopulations draws how many villages (the first ones) and
// communities a township has and their populations, drawing again until
// the township's population is in range.
func (b *treeBuilder) childPopulations(tu *unit) (villages int, pops []int) {
	r := b.r
	for try := 0; ; try++ {
		v, c := b.childCounts(tu)
		pops = pops[:0]
		sum := 0
		for i := range v + c {
			pop := clampInt(int(lognormal(r, 7800, 0.35)), 2500, 13000)
			if i < v {
				pop = int(math.Exp(uniform(r, math.Log(1000), math.Log(5000))))
			}
			pops = append(pops, pop)
			sum += pop
		}
		if (sum >= minTownship && sum <= maxTownship) || try == 50 {
			return v, pops
		}
	}
}

// childCounts returns the number of villages and communities of a township.
func (b *treeBuilder) childCounts(tu *unit) (villages, communities int) {
	r := b.r
	switch {
	case tu.dist.Class == Core:
		return 0, between(r, 5, 10)
	case !tu.rural:
		return between(r, 0, 4), between(r, 4, 8)
	default:
		return between(r, 9, 18), between(r, 0, 2)
	}
}

func (b *treeBuilder) addVillage(tu *unit, seq int, community bool, pop int, used map[string]bool, effect float64) {
	r := b.r
	vu := &unit{id: fmt.Sprintf("%s%03d", tu.id, seq), level: levelVillage, parent: tu.idx, pop: pop,
		district: tu.district, township: tu.idx, dist: tu.dist, city: tu.city, risk: effect * latentRisk(r)}
	if community {
		vu.name = uniqueName(used, func() string { return communityName(r) })
		vu.kind, vu.staff = "community", between(r, 8, 15)
	} else {
		vu.name = uniqueName(used, func() string { return villageName(r) })
		vu.kind, vu.staff, vu.rural = "village", between(r, 5, 12), true
	}
	b.add(vu)
}

func (b *treeBuilder) addStations(tu *unit, effect float64) {
	r := b.r
	var cands []*stationType
	for _, st := range stationTypes {
		if st.where == "both" || (st.where == "rural") == tu.rural {
			cands = append(cands, st)
		}
	}
	n := between(r, b.stationsMin, b.stationsMax)
	chosen := chooseStations(r, cands, n)
	for i, st := range chosen {
		su := &unit{id: fmt.Sprintf("%s%03d", tu.id, 901+i), name: tu.name + st.name, level: levelStation,
			kind: st.kind, parent: tu.idx, district: tu.district, township: tu.idx, dist: tu.dist, city: tu.city,
			rural: tu.rural, station: st, staff: between(r, st.staff[0], st.staff[1]), risk: effect * latentRisk(r)}
		b.add(su)
	}
}

// chooseStations keeps 民政办 and 财政所 with high probability, then fills up
// to n with other types at random, in catalogue order.
func chooseStations(r *rand.Rand, cands []*stationType, n int) []*stationType {
	weights := make([]float64, len(cands))
	for i, st := range cands {
		weights[i] = 1
		if st.name == "民政办" || st.name == "财政所" {
			weights[i] = 30
		}
	}
	idx := sampleWithout(r, n, weights)
	out := make([]*stationType, len(idx))
	for i, j := range idx {
		out[i] = cands[j]
	}
	return out
}

// sumPopulation sets the population of townships, districts, cities and
// the province to the sum of their villages and communities.
func (b *treeBuilder) sumPopulation() {
	for i := len(b.units) - 1; i >= 0; i-- {
		u := b.units[i]
		if u.level != levelStation && u.parent >= 0 {
			b.units[u.parent].pop += u.pop
		}
	}
}

// latentRisk draws a unit's latent risk: log-normal with mean 1.
func latentRisk(r *rand.Rand) float64 { return lognormal(r, math.Exp(-0.125), 0.5) }

func clampInt(x, lo, hi int) int { return max(lo, min(hi, x)) }
