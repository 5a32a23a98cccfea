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
// so that the population-weighted mean is the city's; then the districts'
// weighted means and the city's own rows (85.42 in 2016, the seed's record).
func (g *gen) makeSurveys() []survey {
	r := newRand(g.seed, "surveys")
	f := g.p.Figures
	var out []survey
	for _, y := range []struct {
		period string
		city   float64
	}{{"2015", f.SatisfactionIndex2015}, {"2016", f.SatisfactionIndex2016}} {
		out = append(out, g.yearSurveys(r, y.period, y.city)...)
	}
	return out
}

func (g *gen) yearSurveys(r *rand.Rand, period string, city float64) []survey {
	var towns []survey
	var sumW, sumX float64
	for _, u := range g.units {
		if u.level != levelTownship {
			continue
		}
		x := city - 3*math.Log(g.townshipRisk(u)) + 2.5*r.NormFloat64()
		towns = append(towns, survey{u: u, period: period, index: x, respondents: between(r, 300, 800)})
		sumW += float64(u.pop)
		sumX += float64(u.pop) * x
	}
	shift := city - sumX/sumW
	byDistrict := make(map[int]*[3]float64) // Σpop·index, Σpop, Σrespondents
	for i := range towns {
		t := &towns[i]
		t.index = round2(clampF(t.index+shift, 0, 100))
		d := byDistrict[t.u.district]
		if d == nil {
			d = &[3]float64{}
			byDistrict[t.u.district] = d
		}
		d[0] += float64(t.u.pop) * t.index
		d[1] += float64(t.u.pop)
		d[2] += float64(t.respondents)
	}
	var out []survey
	total := 0
	for _, u := range g.units {
		switch u.level {
		case levelDistrict:
			d := byDistrict[u.idx]
			out = append(out, survey{u: u, period: period, index: round2(d[0] / d[1]), respondents: int(d[2])})
			total += int(d[2])
		case levelTownship:
			out = append(out, towns[0])
			towns = towns[1:]
		}
	}
	return append([]survey{{u: g.units[0], period: period, index: city, respondents: total}}, out...)
}

// townshipRisk is the mean latent risk of a township and its villages and
// stations, doubled where one is planted.
func (g *gen) townshipRisk(t *unit) float64 {
	var sum float64
	n := 0
	for _, u := range g.units {
		if u.township == t.idx {
			x := u.risk
			if u.planted != nil {
				x *= 2
			}
			sum += x
			n++
		}
	}
	return sum / float64(n)
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
