package data

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Planting: a few percent of the scored units are made high-risk. Units
// that pay benefits are favoured, because most patterns live in payments;
// a payment pattern goes only to a unit whose payments are many enough for
// Benford's test (then topped up to minPlantedPayments a year).

// minNaturalPayments is the least number of payments a year a unit must
// make by itself to take a payment pattern, so that topping it up changes
// its volume by less than a factor of two.
const minNaturalPayments = 240

// plant chooses the planted units and their patterns, and draws every
// payer's payment intensity. One unit is designated for each pattern first,
// so that every pattern is planted somewhere (a unit takes a second
// designated pattern once the draw has as many units as it plants); the
// rest are drawn by weight.
func (g *gen) plant() {
	r := newRand(g.seed, "plant")
	var cands []*unit
	var weights []float64
	for _, u := range g.units {
		if !u.level.scored() {
			continue
		}
		u.payIntensity = lognormal(r, 0.9, 0.5)
		cands = append(cands, u)
		weights = append(weights, plantWeight(g, u))
	}
	k := max(g.p.MinPlanted, int(math.Round(g.p.PlantedShare*float64(len(cands)))))
	designated := make(map[*unit][]string)
	base := slices.Clone(weights)
	for _, p := range Patterns {
		full := len(designated) >= k
		w := g.designationWeights(cands, designated, p, full, weights, base)
		if !slices.ContainsFunc(w, func(x float64) bool { return x > 0 }) {
			w = g.designationWeights(cands, designated, p, !full, weights, base)
		}
		for _, i := range sampleWithout(r, 1, w) {
			designated[cands[i]] = append(designated[cands[i]], p)
			weights[i] = 0
		}
	}
	for _, i := range sampleWithout(r, max(0, k-len(designated)), weights) {
		designated[cands[i]] = nil
	}
	counts := make(map[string]int)
	for _, u := range cands { // in unit order, so that the draw is reproducible
		if first, ok := designated[u]; ok {
			g.plantUnit(r, u, first, counts)
		}
	}
}

// designationWeights weighs the candidates for designated pattern p: the
// units not designated yet or, when the draw is full, those designated one
// pattern that p fits with.
func (g *gen) designationWeights(cands []*unit, designated map[*unit][]string, p string, full bool, weights, base []float64) []float64 {
	w := make([]float64, len(cands))
	for i, u := range cands {
		ds, taken := designated[u]
		switch {
		case !g.canCarry(u, p):
		case !taken && !full:
			w[i] = weights[i]
		case taken && full && len(ds) < 2 && compatible(chosenSet(ds), p):
			w[i] = base[i]
		}
	}
	return w
}

// chosenSet returns the patterns as a set.
func chosenSet(ps []string) map[string]bool {
	m := make(map[string]bool, len(ps))
	for _, p := range ps {
		m[p] = true
	}
	return m
}

// plantWeight makes units able to carry payment patterns eight times as
// likely to be planted as other villages.
func plantWeight(g *gen, u *unit) float64 {
	if canPayPattern(g, u) {
		return 8
	}
	if u.level == levelVillage {
		return 1
	}
	return 0.6
}

// canPayPattern reports whether u pays enough to carry a payment pattern.
func canPayPattern(g *gen, u *unit) bool {
	return expectedLast12(g, u)*u.payIntensity >= minNaturalPayments
}

// eligible lists the patterns u can carry, in the catalogue's order.
func eligible(g *gen, u *unit) []string {
	var out []string
	for _, p := range Patterns {
		if g.canCarry(u, p) {
			out = append(out, p)
		}
	}
	return out
}

// plantUnit gives u its patterns: the designated ones or else the eligible
// pattern planted least so far, then maybe one or two more that fit with
// them; a silent unit also hides a payment or lease pattern. It draws the
// day the unit's mechanisms start.
func (g *gen) plantUnit(r *rand.Rand, u *unit, designated []string, counts map[string]int) {
	el := eligible(g, u)
	chosen := chosenSet(designated)
	if len(designated) == 0 {
		first := el[0]
		for _, p := range el[1:] {
			if counts[p] < counts[first] {
				first = p
			}
		}
		chosen[first] = true
	}
	for _, extra := range []float64{0.5, 0.2} {
		if p := el[r.IntN(len(el))]; chance(r, extra) && compatible(chosen, p) {
			chosen[p] = true
		}
	}
	if chosen[PatternSilentUnit] {
		hideRows(chosen, el, counts)
	}
	pu := &PlantedUnit{UnitID: u.id, Name: u.name, Level: u.level.String(),
		DistrictID: g.units[u.district].id}
	for _, p := range Patterns { // keep the catalogue's order
		if chosen[p] {
			pu.Patterns = append(pu.Patterns, p)
			counts[p]++
		}
	}
	u.planted = pu
	u.risk *= uniform(r, 1.5, 2.5) // planted units are riskier all round
	pu.LatentRisk = math.Round(u.risk*1000) / 1000
	u.excess = uniform(r, 3, 5)
	pu.plan = newPlan(r)
	if u.hasPaymentPattern() {
		need := plantedTarget / expectedLast12(g, u)
		u.payIntensity = math.Max(u.payIntensity, need)
	}
}

// hideRows gives a silent unit the payment or lease pattern planted least
// so far, unless it carries one.
func hideRows(chosen map[string]bool, el []string, counts map[string]int) {
	var best string
	for _, p := range el {
		if !hidesRows(p) {
			continue
		}
		if chosen[p] {
			return
		}
		if best == "" || counts[p] < counts[best] {
			best = p
		}
	}
	if best != "" {
		chosen[best] = true
	}
}
