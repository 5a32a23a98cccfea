package data

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// reportRow is one row of reports.csv.
type reportRow struct {
	u        *unit
	on       day
	channel  string
	category string
	domain   string
	status   string
	closed   day
	pattern  string
	accused  *person // the cadre named, for half the accusations
	// campaign is the factor of the district campaign the report came in,
	// 0 outside one.
	campaign float64
}

// reportExposure is how many reports a unit draws for its size: villages by
// population, townships and stations by staff.
func reportExposure(u *unit) float64 {
	switch u.level {
	case levelVillage:
		return float64(u.pop) / 1000
	case levelTownship:
		return 4 + float64(u.staff)/40
	case levelStation:
		return 0.5 + float64(u.staff)/15
	}
	return 0
}

// makeReports draws the reports from the public. Accusation-type reports
// against townships, villages and stations sum exactly to the seed's 2015
// and 2016 figures; case_excess units draw three to five times their share.
func (g *gen) makeReports() {
	r := newRand(g.seed, "reports")
	f := g.p.Figures
	jan17 := yearStart(2017)
	partial := float64(lastDay-jan17+1) / 365
	totals := map[int]int{
		2015: f.AccusationReports2015,
		2016: f.AccusationReports2016,
		2017: poisson(r, float64(f.AccusationReports2016)*partial*0.95),
	}
	for _, y := range []int{2015, 2016, 2017} {
		from, to := yearStart(y), min(yearStart(y+1)-1, lastDay)
		g.accusations(r, totals[y], from, to)
		g.otherReports(r, totals[y], from, to)
	}
	slices.SortStableFunc(g.reports, func(a, b reportRow) int {
		if c := cmp.Compare(a.on, b.on); c != 0 {
			return c
		}
		return cmp.Compare(a.u.idx, b.u.idx)
	})
}

// accusations allocates total accusation-type reports received from..to:
// first the planted repeat reports and excess (from the unit's start), then
// the rest by exposure × latent risk, raised in a district campaign.
func (g *gen) accusations(r *rand.Rand, total int, from, to day) {
	scored := g.scored()
	size := make([]float64, len(scored))
	weights := make([]float64, len(scored))
	var sum float64
	for i, u := range scored {
		size[i] = reportExposure(u)
		f, _ := g.campaignFactor(u, from, to)
		weights[i] = size[i] * u.reportRisk() * f
		sum += size[i]
	}
	total -= g.repeatReports(r, from, to, total)
	for i, u := range scored {
		lo, hi, ok := excessSpan(u, from, to)
		if !ok {
			continue
		}
		e := float64(total) * size[i] / sum * float64(hi-lo+1) / float64(to-from+1)
		extra := max(int(math.Ceil(3*float64(hi-lo+1)/365)), poisson(r, (u.excess-1)*e))
		extra = min(extra, total)
		total -= extra
		for range extra {
			g.reports = append(g.reports, g.report(r, u, "accusation", someDay(r, lo, hi), PatternCaseExcess))
		}
	}
	counts := multinomial(r, total, weights)
	for i, u := range scored {
		for range counts[i] {
			on, f := g.reportDay(r, u, from, to)
			rep := g.report(r, u, "accusation", on, "")
			rep.campaign = f
			g.reports = append(g.reports, rep)
		}
	}
}

// repeatReports adds the planted repeat_reports received from..to, at
// most limit of them, and returns how many it added.
func (g *gen) repeatReports(r *rand.Rand, from, to day, limit int) int {
	n := 0
	for _, u := range g.units {
		if u.planted == nil {
			continue
		}
		for _, p := range u.planted.plan.repeats {
			if p.on < from || p.on > to || n == limit {
				continue
			}
			rep := g.report(r, u, "accusation", p.on, PatternRepeatReports)
			rep.channel, rep.domain, rep.accused = p.channel, p.domain, p.accused
			g.reports = append(g.reports, rep)
			n++
		}
	}
	return n
}

// otherReports adds complaints, suggestions and other reports in proportion
// to the accusations, and reports against districts.
func (g *gen) otherReports(r *rand.Rand, accusations int, from, to day) {
	scored := g.scored()
	weights := make([]float64, len(scored))
	for i, u := range scored {
		f, _ := g.campaignFactor(u, from, to)
		weights[i] = reportExposure(u) * math.Sqrt(u.reportRisk()) * f
	}
	for _, c := range []struct {
		category string
		share    float64
	}{{"complaint", 0.9}, {"suggestion", 0.25}, {"other", 0.1}} {
		counts := multinomial(r, poisson(r, c.share*float64(accusations)), weights)
		for i, u := range scored {
			for range counts[i] {
				on, f := g.reportDay(r, u, from, to)
				rep := g.report(r, u, c.category, on, "")
				rep.campaign = f
				g.reports = append(g.reports, rep)
			}
		}
	}
	var districts []*unit
	for _, u := range g.units {
		if u.level == levelDistrict {
			districts = append(districts, u)
		}
	}
	for range poisson(r, 0.03*float64(accusations)) {
		d := districts[r.IntN(len(districts))]
		cat := []string{"accusation", "complaint", "suggestion"}[pick(r, []float64{0.5, 0.4, 0.1})]
		g.reports = append(g.reports, g.report(r, d, cat, someDay(r, from, to), ""))
	}
}

// report draws one report against u received on on.
func (g *gen) report(r *rand.Rand, u *unit, category string, on day, pattern string) reportRow {
	rep := reportRow{u: u, on: on, category: category, domain: domainFor(r, u), pattern: pattern, closed: noDay}
	wechat := 0.09
	if on < seedFrom {
		wechat = 0.03
	}
	rep.channel = []string{"hotline_12388", "web", "letter", "visit", "wechat", "other"}[pick(r, []float64{0.28, 0.27, 0.18, 0.15, wechat, 0.03})]
	if category == "accusation" && len(u.cadres) > 0 && chance(r, 0.5) {
		rep.accused = u.cadres[r.IntN(len(u.cadres))]
	}
	age := lastDay - on
	closeP := 0.97
	if age < 60 {
		closeP = 0.4
	}
	if chance(r, closeP) {
		if c := on + day(between(r, 5, 60)); c <= lastDay {
			rep.status, rep.closed = "closed", c
			return rep
		}
	}
	rep.status = []string{"open", "in_progress"}[pick(r, []float64{0.3, 0.7})]
	return rep
}

// Domains of the problems raised against each kind of unit.
var (
	villageDomains  = map[string]float64{"poverty_relief": 0.15, "benefits": 0.2, "three_assets": 0.15, "land": 0.15, "inaction": 0.15, "other": 0.2}
	townshipDomains = map[string]float64{"land": 0.1, "special_funds": 0.1, "regulation": 0.1, "inaction": 0.2, "law_enforcement": 0.1, "public_service": 0.1, "benefits": 0.1, "other": 0.2}
	stationDomains  = map[string][]string{
		"民政办": {"benefits", "poverty_relief"}, "财政所": {"special_funds", "benefits"},
		"农业服务中心": {"special_funds", "land"}, "社保服务窗口": {"public_service", "benefits"},
		"便民服务中心": {"public_service"}, "国土所": {"land", "law_enforcement"},
		"卫生院": {"health"}, "社区卫生服务中心": {"health"}, "中心小学": {"education"},
		"城管执法中队": {"law_enforcement"}, "市场监管所": {"food_safety", "regulation"},
		"林业站": {"environment", "special_funds"}, "水务站": {"environment", "special_funds"}, "环保所": {"environment"},
	}
)

// domainFor draws the domain of a problem raised against u.
func domainFor(r *rand.Rand, u *unit) string {
	switch u.level {
	case levelVillage:
		return pickMap(r, villageDomains)
	case levelStation:
		if chance(r, 0.2) {
			return "other"
		}
		ds := stationDomains[u.station.name]
		return ds[r.IntN(len(ds))]
	}
	return pickMap(r, townshipDomains)
}

// pickMap draws a key with probability proportional to its value, going
// through the keys in sorted order so that the draw is reproducible.
func pickMap(r *rand.Rand, m map[string]float64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w := make([]float64, len(keys))
	for i, k := range keys {
		w[i] = m[k]
	}
	return keys[pick(r, w)]
}
