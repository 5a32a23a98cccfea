package data

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// leadRow is one row of leads.csv.
type leadRow struct {
	u       *unit
	on      day
	source  string
	key     bool
	status  string
	closed  day
	outcome string
	pattern string
	planned bool // a planted unit's outcome, keyed and settled by its plan
}

// makeLeads puts leads on the ledger: a share of the accusation-type
// reports, every lead an inspection passed on, the departments' referrals,
// audits and the rest, and the planted units' planned key leads, confirmed
// when their case is filed. The seed's key leads and referrals are exact;
// the key leads of case_excess units are often left open.
func (g *gen) makeLeads() {
	r := newRand(g.seed, "leads")
	for _, rep := range g.reports {
		if rep.category != "accusation" || rep.u.level == levelDistrict {
			continue
		}
		p := 0.25
		switch {
		case rep.pattern != "":
			p = 0.6
		case rep.campaign > 0: // a campaign's extra reports seldom hold a lead
			p /= rep.campaign
		}
		if chance(r, p) {
			g.addLead(rep.u, clampDay(rep.on+day(between(r, 0, 15)), firstDay, lastDay), "petition")
		}
	}
	for _, in := range g.inspections {
		source := "inspection_tour"
		if in.kind == "unannounced_visit" {
			source = "unannounced_visit"
		}
		for range max(0, in.leads) {
			g.addLead(in.u, in.end, source)
		}
	}
	g.otherLeads(r)
	g.plannedLeads()
	slices.SortStableFunc(g.leads, func(a, b leadRow) int {
		if c := cmp.Compare(a.on, b.on); c != 0 {
			return c
		}
		return cmp.Compare(a.u.idx, b.u.idx)
	})
	g.chooseKeyLeads(r)
	for i := range g.leads {
		g.settleLead(r, &g.leads[i])
	}
}

func (g *gen) addLead(u *unit, on day, source string) {
	g.leads = append(g.leads, leadRow{u: u, on: on, source: source, closed: noDay})
}

// otherLeads adds referrals (exact in the seed's window), audits, self
// reports and others.
func (g *gen) otherLeads(r *rand.Rand) {
	s := g.scale()
	scored := g.scored()
	referral := make([]float64, len(scored))
	audit := make([]float64, len(scored))
	plain := make([]float64, len(scored))
	for i, u := range scored {
		plain[i] = u.risk
		audit[i] = u.risk
		if u.level == levelVillage {
			audit[i] *= 2
		}
		if u.watched() && (u.has(PatternLeaseBelowPrice) || u.has(PatternLeaseToRelatives)) {
			audit[i] *= 4
		}
		if len(programsOf(u)) > 0 {
			referral[i] = u.risk
			if u.watched() && u.hasPaymentPattern() {
				referral[i] *= 6
			}
		}
		if !u.watched() { // nobody refers or audits a silent unit
			plain[i], audit[i] = 0.3, 0.3
			referral[i] = min(referral[i], 0.3)
		}
	}
	g.spreadLeads(r, "referral", g.p.Figures.ReferralLeads, seedFrom, lastDay, scored, referral)
	g.spreadLeads(r, "referral", poisson(r, float64(g.p.Figures.ReferralLeads)*12/17*0.6), firstDay, seedFrom-1, scored, referral)
	years := float64(months) / 12
	g.spreadLeads(r, "audit", poisson(r, 120*s*years), firstDay, lastDay, scored, audit)
	g.spreadLeads(r, "self_report", poisson(r, 40*s*years), firstDay, lastDay, scored, plain)
	g.spreadLeads(r, "other", poisson(r, 80*s*years), firstDay, lastDay, scored, plain)
}

// spreadLeads adds n leads from source received from..to, over units by
// weight.
func (g *gen) spreadLeads(r *rand.Rand, source string, n int, from, to day, units []*unit, weights []float64) {
	counts := multinomial(r, n, weights)
	for i, u := range units {
		for range counts[i] {
			g.addLead(u, someDay(r, from, to), source)
		}
	}
}

// chooseKeyLeads marks exactly the seed's key leads among the leads of its
// window, favouring risky units and leads from inspections and referrals;
// before the window about one lead in seven is key.
func (g *gen) chooseKeyLeads(r *rand.Rand) {
	var idx []int
	var w []float64
	sourceWeight := map[string]float64{"petition": 1, "inspection_tour": 1.5, "unannounced_visit": 1,
		"referral": 2, "audit": 1.5, "self_report": 0.5, "other": 0.3}
	keys := g.p.Figures.KeyLeads
	for i := range g.leads {
		l := &g.leads[i]
		if l.planned {
			if l.on >= seedFrom {
				l.key = keys > 0
				keys--
			}
			continue
		}
		if l.on < seedFrom {
			l.key = chance(r, 0.15)
			continue
		}
		wt := sourceWeight[l.source] * l.u.risk
		if l.u.has(PatternCaseExcess) {
			wt *= 4
		}
		idx = append(idx, i)
		w = append(w, wt)
	}
	for _, k := range sampleWithout(r, max(0, keys), w) {
		g.leads[idx[k]].key = true
	}
}

// settleLead sets a lead's status as of the world's last day: old leads are
// closed (销号) with an outcome, recent ones still open or in progress, and
// case_excess units leave many of their key leads open.
func (g *gen) settleLead(r *rand.Rand, l *leadRow) {
	if l.planned {
		return
	}
	age := int(lastDay - l.on)
	closeP := 0.5
	openExcess := l.key && l.u.has(PatternCaseExcess) && l.u.after(l.on) && age > 90
	switch {
	case openExcess:
		closeP = 0.4
	case l.key && age > 180:
		closeP = 0.97
	case l.key && age > 60:
		closeP = 0.7
	case l.key:
		closeP = 0.2
	case age > 120:
		closeP = 0.95
	}
	if age > 0 && chance(r, closeP) {
		l.status = "closed"
		l.closed = l.on + day(between(r, min(10, age), min(age, 240)))
		outcomes := []float64{0.2, 0.5, 0.2, 0.1}
		if l.key {
			outcomes = []float64{0.45, 0.3, 0.15, 0.1}
		}
		l.outcome = []string{"case_filed", "no_basis", "transferred", "other"}[pick(r, outcomes)]
		return
	}
	l.status = "in_progress"
	if age > 90 || chance(r, 0.4) {
		l.status = "open"
	}
	if openExcess {
		l.pattern = PatternCaseExcess
	}
}
