package data

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// noDay marks a missing date.
const noDay day = -1 << 30

// registerEntry is one row of registers.csv.
type registerEntry struct {
	register     string
	who          *person
	since, until day
	unit         *unit // nil for none
}

// recordDeath notes who's death on died in the deceased register.
func (g *gen) recordDeath(who *person, died day, u *unit) {
	if died > lastDay {
		return
	}
	who.died = died
	g.registers = append(g.registers, registerEntry{"deceased", who, died, noDay, u})
}

// recordEmployee notes who as a public employee of u since since.
func (g *gen) recordEmployee(who *person, since day, u *unit) {
	g.registers = append(g.registers, registerEntry{"public_employee", who, since, noDay, u})
}

// employerIn returns a station or township of u's district, not u's own
// township if another exists.
func (g *gen) employerIn(r *rand.Rand, u *unit) *unit {
	var cands []*unit
	for _, v := range g.units {
		if v.district == u.district && (v.level == levelStation || v.level == levelTownship) && v.township != u.township {
			cands = append(cands, v)
		}
	}
	if len(cands) == 0 {
		return g.units[u.township]
	}
	return cands[r.IntN(len(cands))]
}

// noteResident puts a new payee in the owners' registers at realistic
// rates: owning a house or a car is normal for payees of programmes that
// are not means-tested; the payees of means-tested ones own none (the
// owner_benefits pattern plants the exceptions).
func (g *gen) noteResident(who *person, p *program) {
	if p.means {
		return
	}
	r := g.extraReg
	rates := [3]float64{0.08, 0.3, 0.05} // vehicle, property, business
	for i, reg := range []string{"vehicle_owner", "property_owner", "business_owner"} {
		if chance(r, rates[i]) {
			who.owner = true
			since := someDay(r, max(adultOn(who), dayOf(2000, 1, 1)), lastDay)
			g.registers = append(g.registers, registerEntry{reg, who, since, noDay, nil})
		}
	}
}

// cadreRegisters lists village cadres in the cadre register and township
// and station cadres in the public-employee register.
func (g *gen) cadreRegisters() {
	r := g.extraReg
	for _, u := range g.units {
		for _, c := range u.cadres {
			if u.level == levelVillage {
				since := dayOf([]int{2008, 2011, 2014}[r.IntN(3)], 1, between(r, 5, 25))
				g.registers = append(g.registers, registerEntry{"cadre", c, since, noDay, u})
				continue
			}
			since := max(adultOn(c)+day(between(r, 1500, 3000)), dayOf(between(r, 1985, 2012), 8, 1))
			g.registers = append(g.registers, registerEntry{"public_employee", c, since, noDay, u})
		}
	}
}

// backgroundRegisters adds people who appear in no other ledger: the extract
// of each register for the city's residents, thinned to a per-mille share.
func (g *gen) backgroundRegisters() {
	r := g.extraReg
	perMille := map[string]float64{"deceased": 1.2, "public_employee": 0.6, "vehicle_owner": 1.2, "property_owner": 1.5, "business_owner": 0.6}
	var districts []*unit
	for _, u := range g.units {
		if u.level == levelDistrict {
			districts = append(districts, u)
		}
	}
	for _, reg := range []string{"deceased", "public_employee", "vehicle_owner", "property_owner", "business_owner"} {
		for _, d := range districts {
			n := poisson(r, perMille[reg]*float64(d.pop)/1000)
			for range n {
				g.registers = append(g.registers, g.backgroundEntry(r, reg, d))
			}
		}
	}
}

func (g *gen) backgroundEntry(r *rand.Rand, reg string, d *unit) registerEntry {
	e := registerEntry{register: reg, until: noDay}
	switch reg {
	case "deceased":
		e.who = g.people.resident(d.id, 50, 100)
		e.since = someDay(r, firstDay, lastDay)
		e.who.died = e.since
		return e
	case "public_employee":
		e.who = g.people.resident(d.id, 22, 60)
		e.unit = d
	default:
		e.who = g.people.resident(d.id, 20, 80)
	}
	e.since = someDay(r, max(adultOn(e.who), dayOf(1995, 1, 1)), lastDay)
	if chance(r, 0.08) { // left the register during the window
		e.until = someDay(r, max(e.since, firstDay), lastDay)
	}
	return e
}

// adultOn is the person's eighteenth birthday.
func adultOn(p *person) day {
	t := p.birth.time().AddDate(18, 0, 0)
	return dayOf(t.Year(), t.Month(), t.Day())
}

// sortRegisters orders registers.csv by register, then person.
func (g *gen) sortRegisters() {
	order := map[string]int{"deceased": 0, "public_employee": 1, "cadre": 2, "vehicle_owner": 3, "property_owner": 4, "business_owner": 5}
	slices.SortStableFunc(g.registers, func(a, b registerEntry) int {
		if c := cmp.Compare(order[a.register], order[b.register]); c != 0 {
			return c
		}
		return cmp.Compare(a.who.id, b.who.id)
	})
	g.registers = slices.CompactFunc(g.registers, func(a, b registerEntry) bool {
		return a.register == b.register && a.who == b.who
	})
}
