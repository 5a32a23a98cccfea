package data

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// caseRow is one row of cases.csv.
type caseRow struct {
	u          *unit
	filed      day
	cluster    int // index into Figures.Clusters; −1 for domain other
	domain     string
	violation  string
	source     string
	persons    int
	sanctioned int
	leaders    int
	amount     int64 // fen; −1 for null
	exposed    bool
	closed     day
	pattern    string
	outcome    bool // planned as a consequence of the unit's mechanisms
}

// makeCases files the cases. In the seed's window the totals are exact:
// cases are allocated over units by staff × latent risk after the planted
// excess, then split into the three clusters and domain other, and the
// people sanctioned, leaders held accountable and cases exposed are spread
// over them. 2015, before the campaign, is plausible but not fixed.
func (g *gen) makeCases() {
	r := newRand(g.seed, "cases")
	f := g.p.Figures
	window := g.allocateCases(r, f.CasesFiled, seedFrom, lastDay)
	g.assignClusters(r, window)
	g.assignSanctioned(r, window)
	leaders := multinomial(r, f.LeadersAccountable, caseWeights(window, 0.2))
	for i := range window {
		window[i].leaders = leaders[i]
	}
	for _, i := range sampleWithout(r, f.CasesExposed, caseWeights(window, 0.5)) {
		window[i].exposed = true
	}
	before := g.allocateCases(r, int(math.Round(float64(f.CasesFiled)*12/17*0.75)), firstDay, seedFrom-1)
	for i := range before {
		g.plainCase(r, &before[i])
	}
	g.cases = append(before, window...)
	for i := range g.cases {
		g.finishCase(r, &g.cases[i])
	}
	slices.SortStableFunc(g.cases, func(a, b caseRow) int {
		if c := cmp.Compare(a.filed, b.filed); c != 0 {
			return c
		}
		return cmp.Compare(a.u.idx, b.u.idx)
	})
}

// allocateCases files total cases between from and to: first the planted
// units' planned cases, then each case_excess unit's excess over its
// size-expected count from its start (at least three in a full window),
// then the rest by multinomial over staff × latent risk.
func (g *gen) allocateCases(r *rand.Rand, total int, from, to day) []caseRow {
	scored := g.scored()
	var staff float64
	weights := make([]float64, len(scored))
	for i, u := range scored {
		staff += float64(u.staff)
		weights[i] = float64(u.staff) * u.caseRisk()
	}
	rows := g.scheduledCases(from, to)
	rows = rows[:min(len(rows), total)]
	for _, u := range scored {
		lo, hi, ok := excessSpan(u, from, to)
		if !ok {
			continue
		}
		expected := float64(total) * float64(u.staff) / staff * float64(hi-lo+1) / float64(to-from+1)
		extra := max(int(math.Ceil(2*float64(hi-lo+1)/365)), poisson(r, (u.excess-1)*expected))
		extra = min(extra, total-len(rows))
		for range extra {
			rows = append(rows, caseRow{u: u, filed: someDay(r, lo, hi), pattern: PatternCaseExcess})
		}
	}
	counts := multinomial(r, total-len(rows), weights)
	for i, u := range scored {
		for range counts[i] {
			rows = append(rows, caseRow{u: u, filed: someDay(r, from, to)})
		}
	}
	return rows
}

// Affinity of each kind of unit for the seed's clusters: windows, law
// enforcement and inaction; funds, assets and land; livelihood.
func clusterAffinity(u *unit, cluster int) float64 {
	kind := u.kind
	if u.level == levelStation && u.station.pays != "" && cluster == 1 {
		kind = "payer"
	}
	table := map[string][3]float64{
		"window": {4, 0.5, 0.5}, "station": {3, 0.5, 1.5}, "payer": {3, 2, 0.5},
		"school": {0.5, 0.2, 6}, "hospital": {0.5, 0.2, 6},
		"street": {2, 1, 1}, "township": {2, 1.5, 1},
		"village": {1, 3, 0.3}, "community": {1, 1.5, 0.3},
	}
	w := table[kind][cluster]
	if cluster == 1 && u.hasLedgerPattern() {
		w *= 6
	}
	return w
}

// assignClusters picks each cluster's cases (the smallest first) by the
// units' affinity, and gives them a domain of the cluster; the rest are
// domain other.
func (g *gen) assignClusters(r *rand.Rand, rows []caseRow) {
	for i := range rows {
		rows[i].cluster = -1
	}
	clusters := g.p.Figures.Clusters
	order := make([]int, len(clusters))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(clusters[a].Cases, clusters[b].Cases) })
	for _, c := range order {
		w := make([]float64, len(rows))
		for i := range rows {
			if rows[i].cluster < 0 {
				w[i] = clusterAffinity(rows[i].u, min(c, 2))
			}
		}
		for _, i := range sampleWithout(r, clusters[c].Cases, w) {
			rows[i].cluster = c
			rows[i].domain = clusterDomain(r, rows[i].u, clusters[c].Domains)
		}
	}
	for i := range rows {
		if rows[i].cluster < 0 {
			rows[i].domain = "other"
		}
	}
}

// clusterDomain draws a domain of the cluster, preferring the unit's own.
func clusterDomain(r *rand.Rand, u *unit, domains []string) string {
	for range 4 {
		if d := domainFor(r, u); slices.Contains(domains, d) {
			return d
		}
	}
	return domains[r.IntN(len(domains))]
}

// assignSanctioned spreads each cluster's people sanctioned (and the rest
// over domain other) over its cases.
func (g *gen) assignSanctioned(r *rand.Rand, rows []caseRow) {
	f := g.p.Figures
	rest := f.PeopleSanctioned
	for c := range f.Clusters {
		rest -= f.Clusters[c].Sanctioned
		g.spreadSanctioned(r, rows, c, f.Clusters[c].Sanctioned)
	}
	g.spreadSanctioned(r, rows, -1, rest)
}

func (g *gen) spreadSanctioned(r *rand.Rand, rows []caseRow, cluster, total int) {
	var idx []int
	var w []float64
	for i := range rows {
		if rows[i].cluster == cluster {
			idx = append(idx, i)
			w = append(w, lognormal(r, 1, 0.6))
		}
	}
	for k, n := range spread(r, total, w) {
		rows[idx[k]].sanctioned = n
	}
}

// caseWeights favours cases with more people sanctioned, and cases in the
// clusters.
func caseWeights(rows []caseRow, base float64) []float64 {
	w := make([]float64, len(rows))
	for i, c := range rows {
		w[i] = base + float64(c.sanctioned)
		if c.cluster >= 0 {
			w[i] += 0.5
		}
	}
	return w
}

// plainCase fills a case before the window: any domain, about one person
// sanctioned, a third exposed.
func (g *gen) plainCase(r *rand.Rand, c *caseRow) {
	c.cluster = -1
	c.domain = "other"
	if chance(r, 0.25) {
		c.domain = domainFor(r, c.u)
	}
	if chance(r, 0.8) {
		c.sanctioned = 1 + poisson(r, 0.1)
	}
	c.leaders = binomial(r, 1, 0.04)
	c.exposed = chance(r, 0.3)
}

// finishCase draws what the seed does not fix: persons involved,
// violation, source, money involved and closing date.
func (g *gen) finishCase(r *rand.Rand, c *caseRow) {
	c.persons = max(1, c.sanctioned+poisson(r, 0.4))
	c.violation = violationFor(r, c.domain)
	source := []string{"petition", "inspection_tour", "unannounced_visit", "referral", "audit", "self_report", "other"}[pick(r, []float64{0.45, 0.15, 0.08, 0.07, 0.08, 0.05, 0.12})]
	if c.source == "" { // a planned case keeps the source of its lead
		c.source = source
	}
	c.amount = -1
	switch c.violation {
	case "embezzlement", "misappropriation", "bribery", "fraud", "favouritism":
		c.amount = int64(math.Round(lognormal(r, 20000, 1.1) * 100))
	case "other":
		if chance(r, 0.3) {
			c.amount = int64(math.Round(lognormal(r, 5000, 1) * 100))
		}
	}
	c.closed = noDay
	if d := c.filed + day(between(r, 30, 300)); d <= lastDay {
		c.closed = d
	}
}

// violationFor draws a violation that fits the domain.
func violationFor(r *rand.Rand, domain string) string {
	var vs []string
	switch domain {
	case "poverty_relief", "benefits", "special_funds", "three_assets", "land":
		vs = []string{"embezzlement", "misappropriation", "fraud", "favouritism", "dereliction"}
	case "law_enforcement", "regulation", "public_service":
		vs = []string{"bribery", "dereliction", "inaction", "other"}
	case "inaction":
		vs = []string{"inaction", "dereliction"}
	case "education", "health", "food_safety", "environment":
		vs = []string{"dereliction", "bribery", "embezzlement", "other"}
	default:
		vs = []string{"embezzlement", "misappropriation", "bribery", "fraud", "dereliction", "favouritism", "inaction", "other"}
	}
	return vs[r.IntN(len(vs))]
}
