package data

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// action is one row of actions.csv; persons is −1 (null) for actions
// addressed to the unit rather than to people.
type action struct {
	u       *unit
	kind    string
	on      day
	persons int
	pattern string
}

// makeActions draws the talks (约谈) and accountability (问责) of the seed's
// window with its exact numbers of people, and the warning letters,
// exposures and democratic meetings that follow cases.
func (g *gen) makeActions() {
	r := newRand(g.seed, "actions")
	f := g.p.Figures
	scored := g.scored()
	casesIn := make(map[*unit]int)
	for _, c := range g.cases {
		if c.filed >= seedFrom {
			casesIn[c.u]++
		}
	}
	weights := func(base float64) []float64 {
		w := make([]float64, len(scored))
		for i, u := range scored {
			w[i] = (float64(casesIn[u]) + base) * u.caseRisk()
		}
		return w
	}
	talkW, accW := weights(0.3), weights(0.1)
	g.personActions(r, "talk", f.LeadersTalkedTo, seedFrom, lastDay, scored, talkW)
	g.personActions(r, "accountability", f.PeopleHeldAccountable, seedFrom, lastDay, scored, accW)
	g.personActions(r, "talk", int(math.Round(float64(f.LeadersTalkedTo)*12/17*0.5)), firstDay, seedFrom-1, scored, talkW)
	g.personActions(r, "accountability", int(math.Round(float64(f.PeopleHeldAccountable)*12/17*0.5)), firstDay, seedFrom-1, scored, accW)
	g.followCases(r)
	g.plannedLetters()
	slices.SortStableFunc(g.actions, func(a, b action) int {
		if c := cmp.Compare(a.on, b.on); c != 0 {
			return c
		}
		return cmp.Compare(a.u.idx, b.u.idx)
	})
}

// personActions adds actions of kind concerning total people between from
// and to: one person an action mostly, sometimes two or three.
func (g *gen) personActions(r *rand.Rand, kind string, total int, from, to day, units []*unit, weights []float64) {
	for _, n := range splitPersons(r, total, []float64{0.82, 0.14, 0.04}) {
		u := units[pick(r, weights)]
		g.actions = append(g.actions, action{u: u, kind: kind, on: someDay(r, from, to), persons: n})
	}
}

// followCases adds, after cases: an exposure per exposed case; a
// democratic meeting (专题民主生活会) at some units with a case; a warning
// letter (工作提醒) to half the units with three or more cases in a year.
func (g *gen) followCases(r *rand.Rand) {
	byUnit := make(map[*unit][]day)
	var order []*unit
	for _, c := range g.cases {
		if c.exposed {
			if on := c.filed + day(between(r, 30, 150)); on <= lastDay {
				g.actions = append(g.actions, action{u: c.u, kind: "exposure", on: on.workday(), persons: max(1, c.sanctioned)})
			}
		}
		if byUnit[c.u] == nil {
			order = append(order, c.u)
		}
		byUnit[c.u] = append(byUnit[c.u], c.filed)
	}
	for _, u := range order {
		ds := byUnit[u]
		slices.Sort(ds)
		if chance(r, 0.3) {
			g.unitAction(u, "democratic_meeting", ds[0]+day(between(r, 20, 90)))
		}
		for i := 2; i < len(ds); i++ {
			if ds[i]-ds[i-2] <= 365 {
				if chance(r, 0.5) {
					g.unitAction(u, "warning_letter", ds[i]+day(between(r, 10, 60)))
				}
				break
			}
		}
	}
}

// unitAction adds an action addressed to the unit, if it falls in the world.
func (g *gen) unitAction(u *unit, kind string, on day) {
	if on = on.workday(); on <= lastDay {
		g.actions = append(g.actions, action{u: u, kind: kind, on: on, persons: -1})
	}
}
