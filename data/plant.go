package data

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Planting: a few percent of the scored units are made high-risk. Units
// that pay benefits are favoured, because six of the eight patterns live in
// payments; a payment pattern goes only to a unit whose payments are many
// enough for Benford's test (then topped up to minPlantedPayments a year).

// minNaturalPayments is the least number of payments a year a unit must
// make by itself to take a payment pattern, so that topping it up changes
// its volume by less than a factor of two.
const minNaturalPayments = 240

// plant chooses the planted units and their patterns, and draws every
// payer's payment intensity. One unit is chosen for each pattern first, so
// that every pattern is planted somewhere; the rest are drawn by weight.
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
	designated := make(map[*unit]string)
	for _, p := range Patterns {
		w := make([]float64, len(cands))
		for i, u := range cands {
			if _, taken := designated[u]; !taken && slices.Contains(eligible(g, u), p) {
				w[i] = weights[i]
			}
		}
		for _, i := range sampleWithout(r, 1, w) {
			designated[cands[i]] = p
			weights[i] = 0
		}
	}
	for _, i := range sampleWithout(r, k-len(designated), weights) {
		designated[cands[i]] = ""
	}
	counts := make(map[string]int)
	for _, u := range cands { // in unit order, so that the draw is reproducible
		if first, ok := designated[u]; ok {
			g.plantUnit(r, u, first, counts)
		}
	}
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

// eligible lists the patterns u can carry.
func eligible(g *gen, u *unit) []string {
	out := []string{PatternCaseExcess}
	if canPayPattern(g, u) {
		for _, p := range Patterns {
			if paymentPatterns[p] {
				out = append(out, p)
			}
		}
	}
	if u.kind == "village" && u.dist.LeasePrice > 0 {
		out = append(out, PatternLeaseBelowPrice)
	}
	return out
}

// plantUnit gives u its patterns: first the designated one or else the
// eligible pattern planted least so far, then maybe one or two more.
func (g *gen) plantUnit(r *rand.Rand, u *unit, first string, counts map[string]int) {
	el := eligible(g, u)
	if first == "" {
		first = el[0]
		for _, p := range el[1:] {
			if counts[p] < counts[first] {
				first = p
			}
		}
	}
	chosen := map[string]bool{first: true}
	for _, extra := range []float64{0.5, 0.2} {
		if chance(r, extra) {
			chosen[el[r.IntN(len(el))]] = true
		}
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
	u.persistent = chance(r, 0.5)
	if u.hasPaymentPattern() {
		need := plantedTarget / expectedLast12(g, u)
		u.payIntensity = math.Max(u.payIntensity, need)
	}
}
