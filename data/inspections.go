package data

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// inspection is one row of inspections.csv. Findings are −1 (null) while a
// tour is still under way at the world's end.
type inspection struct {
	u                        *unit
	kind                     string
	start, end               day // end is noDay while under way
	problems, leads, persons int
	rectified                int    // problems rectified by the world's end
	pattern                  string // unrectified for the planted tour
	outcome                  bool   // a planted unit's visit that found problems
}

// Tours come round every five years (全覆盖 within a committee's term); each
// unit has its own phase in the cycle, so about half the units are toured
// in the world's 29 months.
const tourCycle = 5 * 365

// makeInspections draws the routine tours, the special tours of the seed's
// window and the unannounced visits, with the seed's totals where it gives
// them; leads follow from their leads_transferred.
func (g *gen) makeInspections() {
	r := newRand(g.seed, "inspections")
	f := g.p.Figures
	g.routineTours(r)
	g.specialTours(r)
	g.unannouncedVisits(r)
	g.plannedVisits(r)
	from2017 := yearStart(2017)
	fixTotals(r, g.inspections, f.RoutineTours2017, func(in *inspection) bool {
		return in.kind == "routine_tour" && in.start >= from2017 && in.end != noDay
	})
	fixTotals(r, g.inspections, f.SpecialTours, func(in *inspection) bool {
		return in.kind == "special_tour" && in.start >= seedFrom && in.end != noDay
	})
	slices.SortStableFunc(g.inspections, func(a, b inspection) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.u.idx, b.u.idx)
	})
	g.rectify()
}

// findingsWeight is how much a tour of u starting on on tends to find:
// twice as much at a planted unit once its mechanisms have started.
func findingsWeight(u *unit, on day) float64 {
	w := u.risk
	if u.after(on) {
		w *= 2
	}
	if u.level == levelTownship {
		w *= 3
	}
	return w
}

// routineTours tours every scored unit on its five-year cycle.
func (g *gen) routineTours(r *rand.Rand) {
	for _, u := range g.scored() {
		phase, toured := g.tourPhase(r, u)
		if !toured {
			continue
		}
		for s := phase - tourCycle; s <= lastDay; s += tourCycle {
			if s < firstDay {
				continue
			}
			in := g.tour(r, u, "routine_tour", s.workday())
			g.inspections = append(g.inspections, in)
		}
	}
}

// tour draws one tour of u starting on start, with findings drawn from the
// unit's risk.
func (g *gen) tour(r *rand.Rand, u *unit, kind string, start day) inspection {
	length := between(r, 5, 15)
	if u.level == levelTownship {
		length = between(r, 20, 40)
	}
	in := inspection{u: u, kind: kind, start: start, end: start + day(length)}
	if in.end > lastDay {
		in.end, in.problems, in.leads, in.persons = noDay, -1, -1, -1
		return in
	}
	in.problems = poisson(r, 0.9*findingsWeight(u, start))
	if isUnrectifiedTour(u, kind, start) {
		in.problems, in.pattern = between(r, 6, 14), PatternUnrectified
	}
	in.leads = binomial(r, in.problems, 0.15)
	in.persons = binomial(r, in.problems, 0.1)
	return in
}

// specialTours sends the city's special tours (专项巡察) to the townships of
// four districts in 2016 (a province's to four per city's worth of cases),
// and a few in 2015.
func (g *gen) specialTours(r *rand.Rand) {
	var districts []*unit
	for _, u := range g.units {
		if u.level == levelDistrict {
			districts = append(districts, u)
		}
	}
	toured := max(4, int(math.Round(4*g.scale())))
	for _, di := range sampleWithout(r, min(toured, len(districts)), ones(len(districts))) {
		d := districts[di]
		start := someDay(r, dayOf(2016, 3, 1), dayOf(2016, 10, 31))
		for i, t := range g.townshipsOf(d) {
			if i == 0 || chance(r, 0.5) {
				g.inspections = append(g.inspections, g.tour(r, t, "special_tour", (start+day(r.IntN(20))).workday()))
			}
		}
	}
	for _, d := range districts {
		if chance(r, 0.15) {
			ts := g.townshipsOf(d)
			t := ts[r.IntN(len(ts))]
			g.inspections = append(g.inspections, g.tour(r, t, "special_tour", someDay(r, dayOf(2015, 4, 1), dayOf(2015, 11, 30))))
		}
	}
}

// townshipsOf returns a district's townships.
func (g *gen) townshipsOf(d *unit) []*unit {
	var out []*unit
	for _, u := range g.units {
		if u.level == levelTownship && u.district == d.idx {
			out = append(out, u)
		}
	}
	return out
}

// unannouncedVisits draws one-day visits (明察暗访), mostly to stations and
// windows, and the May 2017 campaign whose leads the seed counts.
func (g *gen) unannouncedVisits(r *rand.Rand) {
	scored := g.scored()
	weights := make([]float64, len(scored))
	for i, u := range scored {
		weights[i] = u.risk
		if u.level == levelStation {
			weights[i] *= 4
		}
		if !u.watched() {
			weights[i] = 0
		}
	}
	s := g.scale()
	may := dayOf(2017, 5, 1)
	perYear := int(600 * s)
	n := poisson(r, float64(perYear)*float64(months)/12)
	for range n {
		u := scored[pick(r, weights)]
		on := someDay(r, firstDay, may-1)
		g.inspections = append(g.inspections, g.visit(r, u, on, 0.1))
	}
	campaign := max(g.p.Figures.UnannouncedVisitLeadsMay2017*4, int(400*s))
	var inMay []int
	for range campaign {
		u := scored[pick(r, weights)]
		inMay = append(inMay, len(g.inspections))
		g.inspections = append(g.inspections, g.visit(r, u, someDay(r, may, lastDay), 0))
	}
	g.setMayLeads(r, inMay)
}

// visit draws a one-day visit; its findings are set later for May 2017.
func (g *gen) visit(r *rand.Rand, u *unit, on day, leadRate float64) inspection {
	in := inspection{u: u, kind: "unannounced_visit", start: on, end: on}
	in.problems = poisson(r, 0.5*u.risk)
	in.leads = binomial(r, in.problems, leadRate*3)
	in.persons = binomial(r, in.leads, 0.3)
	return in
}

// setMayLeads spreads the seed's 112 leads over the May 2017 visits.
func (g *gen) setMayLeads(r *rand.Rand, idx []int) {
	weights := make([]float64, len(idx))
	for i, j := range idx {
		weights[i] = findingsWeight(g.inspections[j].u, g.inspections[j].start)
	}
	leads := multinomial(r, g.p.Figures.UnannouncedVisitLeadsMay2017, weights)
	for i, j := range idx {
		in := &g.inspections[j]
		in.leads = leads[i]
		in.problems = leads[i] + poisson(r, 0.4*in.u.risk)
		in.persons = binomial(r, in.leads, 0.2)
	}
}

// fixTotals redraws the findings of the inspections selected by keep so
// that they sum to the seed's figures: problems by the units' risk, leads
// and persons handled by the problems found.
func fixTotals(r *rand.Rand, ins []inspection, want TourFigures, keep func(*inspection) bool) {
	var idx []int
	var w []float64
	for i := range ins {
		if keep(&ins[i]) {
			idx = append(idx, i)
			w = append(w, findingsWeight(ins[i].u, ins[i].start))
		}
	}
	if len(idx) == 0 {
		return
	}
	problems := multinomial(r, want.Problems, w)
	leads := passOn(r, problems, want.Leads)
	pw := make([]float64, len(idx))
	for i, p := range problems {
		pw[i] = float64(p) + 0.05
	}
	persons := multinomial(r, want.Persons, pw)
	for i, j := range idx {
		ins[j].problems, ins[j].leads, ins[j].persons = problems[i], leads[i], persons[i]
	}
}

// passOn chooses n of the problems found to pass on as leads (a
// multivariate hypergeometric draw), so that no inspection passes on more
// leads than it found problems.
func passOn(r *rand.Rand, problems []int, n int) []int {
	var owner []int
	for i, p := range problems {
		for range p {
			owner = append(owner, i)
		}
	}
	out := make([]int, len(problems))
	for _, k := range sampleWithout(r, n, ones(len(owner))) {
		out[owner[k]]++
	}
	return out
}
