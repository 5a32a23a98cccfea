package data

import (
	"math/rand/v2"
)

// person is one resident, cadre or relative. The same person keeps the same
// identity number, name and bank card in every ledger.
type person struct {
	id, name string
	birth    day
	male     bool
	account  string
	// died is the day of death, or alive when the person did not die in
	// the world's window.
	died day
	// enrolments counts the programmes paying the person; only a person
	// paid by one programme may die, so that no clean payment follows a
	// death.
	enrolments int
	// owner is true for a person in the vehicle, property or business
	// owners' register; no clean means-tested programme pays one.
	owner bool
}

const alive day = 1 << 30

// people hands out persons with unique identity numbers.
type people struct {
	r *rand.Rand
	// used holds the numbers given out, by their first 17 digits (the
	// check character follows from them): a map without pointers, which
	// the collector need not scan; a province has some 3.7 million people.
	used map[uint64]struct{}
}

func newPeople(seed uint64) *people {
	return &people{r: newRand(seed, "people"), used: make(map[uint64]struct{})}
}

func (ps *people) taken(k uint64) bool {
	_, ok := ps.used[k]
	return ok
}

// idKey is an identity number's first 17 digits as a number.
func idKey(id string) uint64 {
	var k uint64
	for i := range 17 {
		k = k*10 + uint64(id[i]-'0')
	}
	return k
}

// migrantRegions are region codes of other Sichuan prefectures; about one
// resident in ten was first registered there.
var migrantRegions = []string{"511002", "511302", "511621", "510922", "511123", "510623", "511381", "510821", "511521", "512002"}

// newPerson draws a person registered in region, of the given sex, aged
// between minAge and maxAge on 2016-07-01, with surname (drawn if empty).
func (ps *people) newPerson(region, surname string, male bool, minAge, maxAge int) *person {
	r := ps.r
	if chance(r, 0.1) {
		region = migrantRegions[r.IntN(len(migrantRegions))]
	}
	lo, hi := dayOf(2016-maxAge-1, 7, 2), dayOf(2016-minAge, 7, 1)
	birth := lo + day(r.IntN(int(hi-lo)+1))
	var id string
	for {
		seq := r.IntN(500) * 2
		if male {
			seq++
		}
		id = residentID(region, birth, seq)
		if k := idKey(id); !ps.taken(k) {
			ps.used[k] = struct{}{}
			break
		}
	}
	if surname == "" {
		surname = drawSurname(r)
	}
	return &person{id: id, name: surname + givenName(r, male), birth: birth, male: male, account: bankCard(r), died: alive}
}

// resident draws an adult of either sex.
func (ps *people) resident(region string, minAge, maxAge int) *person {
	return ps.newPerson(region, "", chance(ps.r, 0.5), minAge, maxAge)
}

// surname returns the person's surname (the first character).
func (p *person) surname() string { return string([]rune(p.name)[:1]) }

// ageOn returns the person's age in whole years on d.
func (p *person) ageOn(d day) int {
	b, t := p.birth.time(), d.time()
	a := t.Year() - b.Year()
	if t.YearDay() < b.YearDay() {
		a--
	}
	return a
}

// relation is one row of relations.csv.
type relation struct {
	cadre, relative *person
	kind            string // spouse, child, parent, sibling, other
	unit            *unit
	role            string
}

// Cadres' posts by level. A village's cadres are its 两委 (party branch and
// village committee) plus its accountant and supervisor.
var (
	villageRoles   = []string{"村党支部书记", "村委会主任", "村报账员", "村文书", "村务监督委员会主任"}
	communityRoles = []string{"社区党委书记", "社区居委会主任", "社区报账员", "社区文书", "居务监督委员会主任"}
	townshipRoles  = []string{"党委书记", "乡镇长", "纪委书记", "分管民政副职"}
	streetRoles    = []string{"党工委书记", "街道办事处主任", "纪工委书记", "分管民政副主任"}
)

// roles returns the posts of a unit's leading cadres.
func roles(u *unit) []string {
	switch {
	case u.level == levelVillage && u.kind == "village":
		return villageRoles
	case u.level == levelVillage:
		return communityRoles
	case u.level == levelTownship && u.kind == "street":
		return streetRoles
	case u.level == levelTownship:
		return townshipRoles
	}
	return []string{u.station.name + "负责人", u.station.name + "副职"}
}

// appointCadres gives every scored unit its leading cadres and, for
// villages and stations, their relatives; it returns the relations rows.
func appointCadres(units []*unit, ps *people) []relation {
	var rels []relation
	for _, u := range units {
		if !u.level.scored() {
			continue
		}
		for _, role := range roles(u) {
			c := ps.newPerson(u.dist.Code, "", chance(ps.r, 0.75), 30, 58)
			u.cadres = append(u.cadres, c)
			u.roles = append(u.roles, role)
			if u.level != levelTownship || chance(ps.r, 0.5) {
				rels = append(rels, relatives(ps, u, c, role)...)
			}
		}
	}
	return rels
}

// relatives draws a cadre's known relatives: a spouse, children, parents
// and siblings, registered in the same region.
func relatives(ps *people, u *unit, c *person, role string) []relation {
	r := ps.r
	region := c.id[:6]
	age := c.ageOn(dayOf(2016, 7, 1))
	var out []relation
	add := func(kind string, p *person) {
		out = append(out, relation{cadre: c, relative: p, kind: kind, unit: u, role: role})
	}
	if chance(r, 0.9) {
		a := clampInt(age+between(r, -4, 4), 25, 70)
		add("spouse", ps.newPerson(region, "", !c.male, a, a))
	}
	for range between(r, 0, 2) {
		if a := age - between(r, 22, 30); a >= 1 {
			add("child", ps.newPerson(region, surnameOf(c, c.male), chance(r, 0.5), a, a))
		}
	}
	for range between(r, 0, 2) {
		a := min(98, age+between(r, 22, 32))
		father := chance(r, 0.5)
		add("parent", ps.newPerson(region, surnameOf(c, father), father, a, a))
	}
	for range between(r, 0, 2) {
		a := clampInt(age+between(r, -8, 8), 20, 75)
		add("sibling", ps.newPerson(region, c.surname(), chance(r, 0.5), a, a))
	}
	if chance(r, 0.15) {
		add("other", ps.resident(region, 20, 70))
	}
	return out
}

// surnameOf returns the surname a child of p takes: p's if p is the father.
func surnameOf(p *person, father bool) string {
	if father {
		return p.surname()
	}
	return ""
}
