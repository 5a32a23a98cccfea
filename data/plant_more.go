package data

import (
	"math"
	"math/rand/v2"
	"slices"
)

// The patterns of issue 12: what the ledgers show beyond the first eight,
// and the unit that shows nothing at all. doc.go says how each is planted.
const (
	// PatternSilentUnit: a unit with anomalous payments or leases (it
	// carries one of the payment or lease patterns too) that nobody
	// watches: no tour in the records, no unannounced visit, few
	// accusations for its size, no extra cases until an audit finds it.
	// Evidence: its anomalous payments or leases.
	PatternSilentUnit = "silent_unit"
	// PatternOwnerBenefits: means-tested benefits (dibao, tekun) paid to
	// owners of cars, houses or businesses (the owners' registers).
	// Evidence: the payments; Persons are the owners.
	PatternOwnerBenefits = "owner_benefits"
	// PatternPayeeConcentration: a one-off programme (fupin, linshi,
	// weifang) paid again and again to the same two to four people.
	// Evidence: their payments; Persons are the payees.
	PatternPayeeConcentration = "payee_concentration"
	// PatternYearEndRush: one-off payments and collective expenses bunched
	// in December. Evidence: the December payments and expenses.
	PatternYearEndRush = "year_end_rush"
	// PatternLeaseToRelatives: land leases and contracts to relatives of
	// the unit's cadres, at or below the going price, mostly without
	// bidding. Evidence: the transactions; Persons are the relatives.
	PatternLeaseToRelatives = "lease_to_relatives"
	// PatternRepeatReports: the same matter reported again and again:
	// accusations against one cadre (accused_id) in one domain within
	// months, through several channels. Evidence: the reports; Persons is
	// the cadre.
	PatternRepeatReports = "repeat_reports"
	// PatternUnrectified: a tour found many problems and few were
	// rectified. Evidence: the tour.
	PatternUnrectified = "unrectified"
	// PatternCasesAfterReminder: a warning letter (工作提醒) and more cases
	// filed after it. Evidence: the letter (actions) and the cases after
	// it.
	PatternCasesAfterReminder = "cases_after_reminder"
)

// silentExcludes are the patterns a silent unit cannot carry: each makes
// the unit watched or heard.
var silentExcludes = []string{PatternCaseExcess, PatternRepeatReports, PatternUnrectified, PatternCasesAfterReminder}

// canCarry reports whether u can carry pattern p.
func (g *gen) canCarry(u *unit, p string) bool {
	leaseable := u.kind == "village" && u.dist.LeasePrice > 0
	switch p {
	case PatternCaseExcess, PatternRepeatReports, PatternUnrectified, PatternCasesAfterReminder:
		return true
	case PatternLeaseBelowPrice:
		return leaseable
	case PatternLeaseToRelatives:
		return leaseable && len(g.relativesOf[u.idx]) > 0
	case PatternOwnerBenefits:
		return canPayPattern(g, u) && paysAny(u, "dibao", "tekun")
	case PatternPayeeConcentration:
		return canPayPattern(g, u) && paysAny(u, "fupin", "linshi", "weifang")
	case PatternYearEndRush:
		return u.level == levelVillage || ownAdHoc(programsOf(u)) != nil
	case PatternSilentUnit:
		return u.level != levelTownship && (leaseable || canPayPattern(g, u))
	}
	return paymentPatterns[p] && canPayPattern(g, u)
}

// compatible reports whether p can join the patterns chosen.
func compatible(chosen map[string]bool, p string) bool {
	if p == PatternSilentUnit {
		for _, q := range silentExcludes {
			if chosen[q] {
				return false
			}
		}
		return true
	}
	return !chosen[PatternSilentUnit] || !slices.Contains(silentExcludes, p)
}

// hidesRows reports whether p is planted in payments or assets and can be
// the anomaly a silent unit hides.
func hidesRows(p string) bool {
	return paymentPatterns[p] || p == PatternLeaseBelowPrice || p == PatternLeaseToRelatives
}

// paysAny reports whether u pays one of the programmes named.
func paysAny(u *unit, codes ...string) bool {
	for _, p := range programsOf(u) {
		if slices.Contains(codes, p.code) {
			return true
		}
	}
	return false
}

// ownAdHoc returns the first one-off programme among progs, or nil.
func ownAdHoc(progs []*program) *program {
	for _, p := range progs {
		if p.freq == adHoc {
			return p
		}
	}
	return nil
}

// hasLedgerPattern reports whether u carries a pattern planted in its
// payments or collective assets.
func (u *unit) hasLedgerPattern() bool {
	if u.planted == nil {
		return false
	}
	for _, p := range u.planted.Patterns {
		if hidesRows(p) || p == PatternYearEndRush {
			return true
		}
	}
	return false
}

// watched reports whether the unit is looked at as others are: false for a
// silent unit.
func (u *unit) watched() bool { return !u.has(PatternSilentUnit) }

// reportRisk is the latent risk behind u's reports: a silent unit's
// neighbours say little (a quarter of what a unit of its size draws).
func (u *unit) reportRisk() float64 {
	if !u.watched() {
		return 0.25
	}
	return u.risk
}

// caseRisk is the latent risk behind u's cases at the base rate: a silent
// unit has few, nobody looking.
func (u *unit) caseRisk() float64 {
	if !u.watched() {
		return 0.3
	}
	return u.risk
}

// plantOwners enrols three to six owners of a car, a house or a business in
// the unit's means-tested monthly programme (dibao or tekun) from soon
// after the start; they entered the owners' registers years before.
func (pa *payer) plantOwners() {
	r := pa.r
	var p *program
	for _, q := range pa.progs {
		if q.code == "dibao" || q.code == "tekun" {
			p = q
			break
		}
	}
	if p == nil {
		return
	}
	if pa.members[p.code] == nil {
		pa.members[p.code] = make(map[*person]bool)
	}
	from := monthOf(pa.u.planted.plan.start)
	registers := []string{"vehicle_owner", "property_owner", "business_owner"}
	for range between(r, 3, 6) {
		who := pa.g.people.resident(pa.u.dist.Code, 30, 75)
		who.enrolments++
		who.owner = true
		pa.members[p.code][who] = true
		since := someDay(r, max(adultOn(who), dayOf(2005, 1, 1)), dayOf(2014, 12, 31))
		pa.g.registers = append(pa.g.registers, registerEntry{registers[r.IntN(len(registers))], who, since, noDay, nil})
		pa.enrol(p, who, min(months-1, from+between(r, 0, 2)), 1, func(day) string { return PatternOwnerBenefits })
		pa.note(PatternOwnerBenefits, who)
	}
}

// plantConcentration pays one of the unit's one-off programmes (fupin,
// linshi or weifang) again and again to two to four people from the start
// on, at twice the usual amounts, until they have taken 70% as much as
// everyone else was paid in that time (two fifths of the programme's
// money), at least six times each.
func (pa *payer) plantConcentration() {
	r := pa.r
	var p *program
	for _, q := range pa.progs {
		if q.code == "fupin" || q.code == "linshi" || q.code == "weifang" {
			p = q
			break
		}
	}
	if p == nil {
		return
	}
	start := pa.u.planted.plan.start
	var others int64
	for _, row := range pa.rows {
		if row.prog == p && row.on >= start {
			others += row.amount
		}
	}
	few := make([]*person, between(r, 2, 4))
	for i := range few {
		few[i] = pa.payee(p)
		pa.note(PatternPayeeConcentration, few[i])
	}
	var taken int64
	for i := 0; i < 6*len(few) || 10*taken < 7*others; i++ {
		amount := pa.amount(p, 2)
		taken += amount
		pa.add(p, few[i%len(few)], someDay(r, start, lastDay), amount, PatternPayeeConcentration)
	}
}

// plantRushPayments pays, in each December after the start, from the 10th
// on, five times the unit's monthly average of one-off payments (at least
// ten) on top of the ordinary ones, from its own one-off programme.
func (pa *payer) plantRushPayments() {
	r := pa.r
	p := ownAdHoc(pa.progs)
	if p == nil {
		return
	}
	n := 0
	for _, row := range pa.rows {
		if row.prog.freq == adHoc {
			n++
		}
	}
	k := max(10, int(math.Round(5*float64(n)/months)))
	for _, y := range []int{2015, 2016} {
		if dayOf(y, 12, 31) < pa.u.planted.plan.start {
			continue
		}
		for range k {
			pa.add(p, pa.payee(p), someDay(r, dayOf(y, 12, 10), dayOf(y, 12, 31)), pa.amount(p, 1), PatternYearEndRush)
		}
	}
}

// rushExpenses books eight to fourteen collective expenses in the last
// three weeks of each December after the start, a third of them
// unapproved: a village spends about half an expense a month otherwise.
func (g *gen) rushExpenses(r *rand.Rand, u *unit) []asset {
	var out []asset
	for _, y := range []int{2015, 2016} {
		if dayOf(y, 12, 31) < u.planted.plan.start {
			continue
		}
		for range between(r, 8, 14) {
			a := asset{u: u, category: "funds", kind: "expense", on: someDay(r, dayOf(y, 12, 10), dayOf(y, 12, 31)),
				bidding: -1, approved: !chance(r, 1.0/3), pattern: PatternYearEndRush}
			a.amount = max(1000, int64(math.Round(lognormal(r, 4000, 1.1)*100)))
			g.counterparty(r, u, &a, 0.6)
			out = append(out, a)
		}
	}
	return out
}

// relativeDeals leases two or three plots of farmland to relatives of the
// unit's cadres at 60–100% of the village's going price, seven in ten
// without public bidding, and signs one or two contracts with them, most
// without bidding, all from the start on.
func (g *gen) relativeDeals(r *rand.Rand, u *unit, price float64) []asset {
	rels := g.relativesOf[u.idx]
	start := u.planted.plan.start
	e := u.planted.evidence(PatternLeaseToRelatives, "assets")
	deal := func(a *asset) {
		who := rels[r.IntN(len(rels))]
		a.party, a.company, a.companyID = who, "", ""
		a.pattern = PatternLeaseToRelatives
		a.on = someDay(r, start, lastDay)
		if !slices.Contains(e.Persons, who.id) {
			e.Persons = append(e.Persons, who.id)
		}
	}
	var out []asset
	for range between(r, 2, 3) {
		a := g.landLease(r, u, price)
		a.amount = int64(math.Round(a.areaMu * price * uniform(r, 0.6, 1) * 100))
		a.bidding = boolInt(chance(r, 0.3))
		a.approved = !chance(r, 0.15)
		deal(&a)
		out = append(out, a)
	}
	for range between(r, 1, 2) {
		a := asset{u: u, category: "assets", kind: "contract", bidding: boolInt(chance(r, 0.35)), approved: true}
		a.amount = max(1000, int64(math.Round(lognormal(r, 50000, 1)*100)))
		deal(&a)
		out = append(out, a)
	}
	return out
}
