package data

import (
	"math"
	"math/rand/v2"
)

// survey is one row of surveys.csv.
type survey struct {
	u           *unit
	period      string
	index       float64
	respondents int
}

// makeSurveys draws the yearly satisfaction index (党风廉政建设群众满意度)
// of each township for 2015 and 2016, lower where risk is higher, centred
// so that the population-weighted mean is the figure of the top unit (the
// city, or the province); then the districts' and (in a province) the
// cities' weighted means, and the top unit's own rows (85.42 in 2016, the
// seed's record).
func (g *gen) makeSurveys() []survey {
	r := newRand(g.seed, "surveys")
	f := g.p.Figures
	risk := g.townshipRisks()
	var out []survey
	for _, y := range []struct {
		period string
		top    float64
	}{{"2015", f.SatisfactionIndex2015}, {"2016", f.SatisfactionIndex2016}} {
		out = append(out, g.yearSurveys(r, y.period, y.top, risk)...)
	}
	return out
}

// surveySums accumulates Σpop·index, Σpop and Σrespondents over townships.
type surveySums struct{ popIndex, pop, respondents float64 }

func (s *surveySums) add(t survey) {
	s.popIndex += float64(t.u.pop) * t.index
	s.pop += float64(t.u.pop)
	s.respondents += float64(t.respondents)
}

func (s *surveySums) survey(u *unit, period string) survey {
	return survey{u: u, period: period, index: round2(s.popIndex / s.pop), respondents: int(s.respondents)}
}

func (g *gen) yearSurveys(r *rand.Rand, period string, top float64, risk map[int]float64) []survey {
	var towns []survey
	var sumW, sumX float64
	for _, u := range g.units {
		if u.level != levelTownship {
			continue
		}
		x := top - 3*math.Log(risk[u.idx]) + 2.5*r.NormFloat64()
		towns = append(towns, survey{u: u, period: period, index: x, respondents: between(r, 300, 800)})
		sumW += float64(u.pop)
		sumX += float64(u.pop) * x
	}
	shift := top - sumX/sumW
	byDistrict := make(map[int]*surveySums)
	byCity := make(map[int]*surveySums)
	for i := range towns {
		t := &towns[i]
		t.index = round2(clampF(t.index+shift, 0, 100))
		for _, m := range []struct {
			sums map[int]*surveySums
			key  int
		}{{byDistrict, t.u.district}, {byCity, g.units[t.u.district].parent}} {
			if m.sums[m.key] == nil {
				m.sums[m.key] = &surveySums{}
			}
			m.sums[m.key].add(*t)
		}
	}
	var out []survey
	total := 0
	for _, u := range g.units {
		switch {
		case u.level == levelCity && u.parent >= 0: // a city under the province
			out = append(out, byCity[u.idx].survey(u, period))
		case u.level == levelDistrict:
			d := byDistrict[u.idx].survey(u, period)
			out = append(out, d)
			total += d.respondents
		case u.level == levelTownship:
			out = append(out, towns[0])
			towns = towns[1:]
		}
	}
	return append([]survey{{u: g.units[0], period: period, index: top, respondents: total}}, out...)
}

// townshipRisks gives each township the mean latent risk of itself and its
// villages and stations, doubled where one is planted, keyed by index.
func (g *gen) townshipRisks() map[int]float64 {
	sums := make(map[int]*[2]float64)
	for _, u := range g.units {
		if u.township < 0 {
			continue
		}
		x := u.risk
		if u.planted != nil {
			x *= 2
		}
		s := sums[u.township]
		if s == nil {
			s = &[2]float64{}
			sums[u.township] = s
		}
		s[0] += x
		s[1]++
	}
	out := make(map[int]float64, len(sums))
	for t, s := range sums {
		out[t] = s[0] / s[1]
	}
	return out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
