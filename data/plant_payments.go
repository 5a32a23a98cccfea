package data

import (
	"math/rand/v2"
	"slices"
)

// The payment patterns. Each marks the rows it makes with its name and
// notes the people behind it in the unit's evidence.

// plantRelatives enrols three to six relatives of the unit's cadres in its
// means-tested programme, at generous amounts.
func (pa *payer) plantRelatives() {
	r := pa.r
	rels := pa.g.relativesOf[pa.u.idx]
	if len(rels) == 0 {
		return
	}
	p := pa.meansProgram()
	from := pa.startMonth()
	n := min(len(rels), between(r, 3, 6))
	for _, i := range sampleWithout(r, n, ones(len(rels))) {
		who := rels[i]
		if pa.members[p.code][who] || who.died != alive {
			continue
		}
		pa.members[p.code][who] = true
		who.enrolments++
		pa.enrol(p, who, min(months-1, from+between(r, 0, 2)), 1.4, func(day) string { return PatternBenefitRelatives })
		pa.note(PatternBenefitRelatives, who)
	}
}

// plantRegisterMatch keeps paying two or three payees who die after the
// unit's start, and pays one or two public employees a means-tested
// benefit from soon after it.
func (pa *payer) plantRegisterMatch() {
	r := pa.r
	p := pa.meansProgram()
	start := pa.u.planted.plan.start
	for range between(r, 2, 3) {
		who := pa.g.people.resident(pa.u.dist.Code, 65, 92)
		who.enrolments++
		died := start + day(between(r, 10, 120))
		from := max(0, monthOf(died)-between(r, 2, 10))
		pa.g.recordDeath(who, died, pa.u)
		pa.payAround(p, who, from, died)
		pa.note(PatternRegisterMatch, who)
	}
	for range between(r, 1, 2) {
		who := pa.g.people.resident(pa.u.dist.Code, 28, 55)
		who.enrolments++
		since := max(adultOn(who)+day(between(r, 1500, 2500)), dayOf(between(r, 2005, 2014), 9, 1))
		pa.g.recordEmployee(who, since, pa.g.employerIn(r, pa.u))
		pa.enrol(p, who, min(months-1, pa.startMonth()+between(r, 0, 2)), 1, func(day) string { return PatternRegisterMatch })
		pa.note(PatternRegisterMatch, who)
	}
}

// payAround pays who from month from on, before and after its death: the
// payments after it carry the pattern.
func (pa *payer) payAround(p *program, who *person, from int, died day) {
	r := pa.r
	if p.freq == monthly {
		for m := from; m < months; m++ {
			on := pa.payOn(p, m)
			pa.add(p, who, on, pa.amount(p, 1), markAfter(on, died))
		}
		return
	}
	pa.add(p, who, someDay(r, monthStart(from), died-1), pa.amount(p, 1), "")
	for range between(r, 2, 4) {
		pa.add(p, who, someDay(r, died+1, lastDay), pa.amount(p, 1), PatternRegisterMatch)
	}
}

// markAfter marks a payment made after a death.
func markAfter(on, died day) string {
	if on > died {
		return PatternRegisterMatch
	}
	return ""
}

// someDay draws a working day in [lo, hi].
func someDay(r *rand.Rand, lo, hi day) day {
	d := day(between(r, int(lo), int(hi))).workday()
	return clampDay(d, lo, hi)
}

// plantSplits pays amounts above the approval limit in two to four parts
// just under it (mostly 4,8xx and 4,9xx), to the same payee within a few
// days. Nearly a third of the unit's payments end up split parts.
func (pa *payer) plantSplits() {
	r := pa.r
	p := pa.adHocProgram()
	events := max(8, len(pa.rows)/7)
	for range events {
		who := pa.payee(p)
		on := day(between(r, int(pa.u.planted.plan.start), int(lastDay)-7)).workday()
		for range between(r, 2, 4) {
			part := int64(between(r, 4800, 4999)) * 100
			if chance(r, 0.3) {
				part = int64(between(r, 4500, 4799)) * 100
			}
			if chance(r, 0.5) {
				part += int64(r.IntN(100))
			}
			pa.add(p, who, clampDay(on, firstDay, lastDay), part, PatternSplitAmounts)
			on = (on + day(between(r, 0, 2))).workday()
		}
	}
}

// plantDuplicates pays about one in sixteen payments a second time, a few
// days later in the same month.
func (pa *payer) plantDuplicates() {
	r := pa.r
	n := len(pa.rows)
	for i := range n {
		row := pa.rows[i]
		if row.pattern != "" || !pa.u.after(row.on) || !chance(r, 1.0/16) {
			continue
		}
		dup := row
		dup.on = sameMonthLater(row.on, day(between(r, 1, 6)))
		dup.pattern = PatternDuplicatePayment
		pa.rows = append(pa.rows, dup)
	}
}

// sameMonthLater returns d+k, or d−k when d+k falls in the next month or
// after the world's end.
func sameMonthLater(d, k day) day {
	if e := d + k; e <= lastDay && monthOf(e) == monthOf(d) {
		return e
	}
	return d - k
}

// plantSharedAccount redirects four to eight payees' benefits into the bank
// card of the unit's bookkeeper (or of one of its cadres' relatives) from
// some month on.
func (pa *payer) plantSharedAccount() {
	r := pa.r
	holder := pa.u.cadres[min(2, len(pa.u.cadres)-1)]
	if rels := pa.g.relativesOf[pa.u.idx]; len(rels) > 0 && chance(r, 0.5) {
		holder = rels[r.IntN(len(rels))]
	}
	var payees []*person
	for _, who := range pa.monthlyPayees() {
		if who.account != holder.account {
			payees = append(payees, who)
		}
	}
	from := pa.u.planted.plan.start + day(between(r, 0, 60))
	for _, i := range sampleWithout(r, between(r, 4, 8), ones(len(payees))) {
		who := payees[i]
		for j := range pa.rows {
			row := &pa.rows[j]
			if row.payee == who && row.pattern == "" && row.on >= from {
				row.account = holder.account
				row.pattern = PatternSharedAccount
			}
		}
		pa.note(PatternSharedAccount, who)
	}
}

// monthlyPayees lists the payees of the unit's clean rows, in first-paid
// order; monthly payees first.
func (pa *payer) monthlyPayees() []*person {
	seen := map[*person]bool{}
	var monthlyP, others []*person
	for _, row := range pa.rows {
		if seen[row.payee] || row.pattern != "" {
			continue
		}
		seen[row.payee] = true
		if row.prog.freq == monthly {
			monthlyP = append(monthlyP, row.payee)
		} else {
			others = append(others, row.payee)
		}
	}
	if len(monthlyP) >= 8 {
		return monthlyP
	}
	return append(monthlyP, others...)
}

// startMonth is the month the unit's mechanisms start.
func (pa *payer) startMonth() int { return monthOf(pa.u.planted.plan.start) }

// note records who as a person behind pattern in the unit's evidence.
func (pa *payer) note(pattern string, who *person) {
	e := pa.u.planted.evidence(pattern, "payments")
	if !slices.Contains(e.Persons, who.id) {
		e.Persons = append(e.Persons, who.id)
	}
}

// ones returns n weights of 1.
func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}
