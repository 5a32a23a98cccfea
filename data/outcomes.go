package data

import (
	"math"
	"math/rand/v2"
)

// Outcomes: a planted unit's mechanisms start on a day of their own, mostly
// in 2015 and the first half of 2016, and what they lead to — cases filed
// against the unit, key leads confirmed, unannounced visits that find
// problems — follows months later, often after the dates a backtest scores
// at (2016-05-31, 2016-11-30): the ledger anomaly comes first, the case
// after. Clean units, decoys included, have outcomes at their base rate
// only (cases by staff × latent risk, leads and their outcomes by source).

// plan is a planted unit's schedule, drawn when it is planted; the ledgers
// follow it as they are drawn.
type plan struct {
	start    day // the mechanisms start
	revealed day // the first planned case is filed
	cases    []plannedCase
	leads    []plannedLead
	visits   []day // unannounced visits that find problems
	// tourOn is the unrectified unit's routine tour; letter the
	// cases_after_reminder unit's warning letter (noDay if none).
	tourOn, letter day
	repeats        []plannedReport // repeat_reports
}

// plannedCase is a case the plan files against the unit.
type plannedCase struct {
	on      day
	pattern string // cases_after_reminder for the cases after the letter
	outcome bool   // a consequence of the mechanism (PlantedUnit.Outcomes)
	source  string // the source of the lead behind it, if the plan has one
}

// plannedLead is a key lead received on on and closed on closed with
// outcome case_filed.
type plannedLead struct {
	on, closed day
	source     string
}

// plannedReport is one report of a repeat_reports run.
type plannedReport struct {
	on              day
	channel, domain string
	accused         *person
}

// The backtest dates the schedule is drawn for: most mechanisms start
// before the first, all before the second.
var (
	backtestEarly = dayOf(2016, 5, 31)
	backtestLate  = dayOf(2016, 11, 30)
)

// startDay draws when a planted unit's mechanisms start: four in five
// between 2015-01-01 and 2016-05-31, the rest by 2016-10-31.
func startDay(r *rand.Rand) day {
	if chance(r, 0.8) {
		return day(between(r, int(firstDay), int(backtestEarly)))
	}
	return day(between(r, int(backtestEarly)+1, int(dayOf(2016, 10, 31))))
}

// newPlan starts the schedule of a unit planted with patterns, drawing
// its start date.
func newPlan(r *rand.Rand) *plan {
	return &plan{start: startDay(r), tourOn: noDay, letter: noDay}
}

// scheduleOutcomes draws, for every planted unit, what follows its
// mechanisms: one or two cases filed from three to fourteen months after
// the start (a silent unit's only after mid-2016), two thirds of them
// behind a key lead received one to four months before and confirmed on
// the day the case is filed, and for half the units an unannounced visit
// that finds problems. It also draws the dated rows of the patterns that
// live in cases, actions, reports and inspections.
func (g *gen) scheduleOutcomes() {
	for _, u := range g.units {
		if u.planted == nil {
			continue
		}
		r := unitRand(g.seed, "outcomes", u.idx)
		pl := u.planted.plan
		g.scheduleConsequences(r, u, pl)
		if u.has(PatternUnrectified) {
			pl.tourOn = someDay(r, pl.start+20, max(pl.start+20, dayOf(2016, 12, 15))).workday()
		}
		if u.has(PatternCasesAfterReminder) {
			scheduleReminder(r, pl)
		}
		if u.has(PatternRepeatReports) {
			pl.repeats = repeatRun(r, u, pl.start)
		}
		u.planted.Start, u.planted.Revealed = pl.start.String(), pl.revealed.String()
	}
}

// scheduleConsequences draws the unit's planned cases, leads and visits.
func (g *gen) scheduleConsequences(r *rand.Rand, u *unit, pl *plan) {
	hi := lastDay - 45
	lo := min(pl.start+90, hi)
	if u.has(PatternSilentUnit) { // nobody looks until an audit finds it
		lo = min(max(lo, dayOf(2016, 6, 15)), hi)
	}
	pl.revealed = day(between(r, int(lo), int(max(lo, min(hi, pl.start+420))))).workday()
	for i := range between(r, 1, 2) {
		on := pl.revealed
		if i > 0 {
			on = someDay(r, pl.revealed, lastDay)
		}
		c := plannedCase{on: on, outcome: true}
		if u.has(PatternSilentUnit) || chance(r, 2.0/3) {
			c.source = "audit"
			if !u.has(PatternSilentUnit) {
				c.source = []string{"petition", "audit", "other"}[pick(r, []float64{0.5, 0.3, 0.2})]
			}
			received := clampDay((on - day(between(r, 30, 120))).workday(), pl.start, on)
			pl.leads = append(pl.leads, plannedLead{on: received, closed: on, source: c.source})
		}
		pl.cases = append(pl.cases, c)
	}
	if !u.has(PatternSilentUnit) && chance(r, 0.5) {
		if lo, hi := pl.start+30, min(lastDay, pl.revealed+90); lo <= hi {
			pl.visits = append(pl.visits, someDay(r, lo, hi))
		}
	}
}

// scheduleReminder draws the warning letter of a cases_after_reminder
// unit, two to eight months after its start, the two cases before it that
// prompted it, and the two to four cases filed after it.
func scheduleReminder(r *rand.Rand, pl *plan) {
	lo := pl.start + 60
	pl.letter = someDay(r, lo, max(lo, min(pl.start+240, backtestLate)))
	for range 2 {
		pl.cases = append(pl.cases, plannedCase{on: someDay(r, max(firstDay, pl.letter-300), pl.letter-10)})
	}
	for range between(r, 2, 4) {
		pl.cases = append(pl.cases, plannedCase{on: someDay(r, pl.letter+30, lastDay),
			pattern: PatternCasesAfterReminder, outcome: true})
	}
}

// repeatChannels are the channels a repeated accusation comes through.
var repeatChannels = []string{"hotline_12388", "web", "letter", "visit", "wechat"}

// repeatRun draws four to seven accusations against one of the unit's
// cadres, in one domain, over two to five months from soon after the
// start, each through another channel than the one before (at least four
// channels in all).
func repeatRun(r *rand.Rand, u *unit, start day) []plannedReport {
	accused := u.cadres[r.IntN(len(u.cadres))]
	domain := domainFor(r, u)
	order := r.Perm(len(repeatChannels))
	first := someDay(r, start, max(start, min(start+90, lastDay-150)))
	span := between(r, 60, 150)
	n := between(r, 4, 7)
	out := make([]plannedReport, n)
	for i := range out {
		on := first + day(i*span/(n-1)+between(r, -3, 3))
		out[i] = plannedReport{on: clampDay(on.workday(), first, lastDay), channel: repeatChannels[order[i%len(order)]],
			domain: domain, accused: accused}
	}
	return out
}

// scheduledCases returns the planned cases filed from from to to, as case
// rows; allocateCases files them before the rest.
func (g *gen) scheduledCases(from, to day) []caseRow {
	var rows []caseRow
	for _, u := range g.units {
		if u.planted == nil {
			continue
		}
		for _, c := range u.planted.plan.cases {
			if c.on >= from && c.on <= to {
				rows = append(rows, caseRow{u: u, filed: c.on, pattern: c.pattern, outcome: c.outcome, source: c.source})
			}
		}
	}
	return rows
}

// plannedLeads adds the planned key leads, closed with outcome case_filed
// on the day their case is filed.
func (g *gen) plannedLeads() {
	for _, u := range g.units {
		if u.planted == nil {
			continue
		}
		for _, l := range u.planted.plan.leads {
			g.leads = append(g.leads, leadRow{u: u, on: l.on, source: l.source, key: true, status: "closed",
				closed: l.closed, outcome: "case_filed", planned: true})
		}
	}
}

// plannedVisits adds the unannounced visits that find problems at
// planted units. A visit in May 2017 passes on no lead, so that the May
// campaign's leads stay the seed's.
func (g *gen) plannedVisits(r *rand.Rand) {
	may := dayOf(2017, 5, 1)
	for _, u := range g.units {
		if u.planted == nil {
			continue
		}
		for _, on := range u.planted.plan.visits {
			in := inspection{u: u, kind: "unannounced_visit", start: on, end: on, outcome: true}
			in.problems = 1 + poisson(r, 1.5)
			if on < may {
				in.leads = binomial(r, in.problems, 0.4)
			}
			in.persons = binomial(r, in.leads, 0.3)
			g.inspections = append(g.inspections, in)
		}
	}
}

// plannedLetters adds the warning letters of cases_after_reminder units.
func (g *gen) plannedLetters() {
	for _, u := range g.units {
		if u.planted != nil && u.planted.plan.letter != noDay {
			g.actions = append(g.actions, action{u: u, kind: "warning_letter", on: u.planted.plan.letter,
				persons: -1, pattern: PatternCasesAfterReminder})
		}
	}
}

// excessSpan returns the days of [from, to] on which a case_excess unit
// is in excess (from its start on).
func excessSpan(u *unit, from, to day) (lo, hi day, ok bool) {
	if !u.has(PatternCaseExcess) {
		return 0, 0, false
	}
	lo = max(from, u.planted.plan.start)
	return lo, to, lo <= to
}

// after reports whether d is on or after the start of u's mechanisms (false
// for clean units).
func (u *unit) after(d day) bool { return u.planted != nil && d >= u.planted.plan.start }

// tourPhase returns the day of u's routine tour in the five-year cycle, or
// false for a silent unit, whose last tour lies before the records and
// whose tour due since is skipped. The unrectified unit's tour falls after
// its start.
func (g *gen) tourPhase(r *rand.Rand, u *unit) (day, bool) {
	phase := day(r.IntN(tourCycle))
	switch {
	case u.has(PatternSilentUnit):
		return 0, false
	case u.has(PatternUnrectified):
		return u.planted.plan.tourOn, true
	}
	return phase, true
}

// isUnrectifiedTour reports whether a tour of u starting on start is the
// unrectified unit's planted tour.
func isUnrectifiedTour(u *unit, kind string, start day) bool {
	return kind == "routine_tour" && u.has(PatternUnrectified) && start == u.planted.plan.tourOn
}

// rectify sets how many of each finished inspection's problems were
// rectified (整改) by the world's end: 80–100% of them once half a year
// has passed, in proportion before; the unrectified unit's planted tour at
// most a fifth. A tour under way has none (null).
func (g *gen) rectify() {
	r := newRand(g.seed, "rectified")
	for i := range g.inspections {
		in := &g.inspections[i]
		switch {
		case in.end == noDay:
			in.rectified = -1
		case in.problems <= 0:
			in.rectified = 0
		case in.pattern == PatternUnrectified:
			in.rectified = int(math.Floor(float64(in.problems) * uniform(r, 0, 0.2)))
		default:
			share := uniform(r, 0.8, 1) * math.Min(1, float64(lastDay-in.end)/180)
			in.rectified = binomial(r, in.problems, share)
		}
	}
}

// noteRow records the row id of ledger as evidence of pattern at u; the
// anomalous rows of a silent unit are its silent_unit evidence too.
func noteRow(u *unit, pattern, ledger, id string) {
	e := u.planted.evidence(pattern, ledger)
	e.IDs = append(e.IDs, id)
	if hidesRows(pattern) && u.has(PatternSilentUnit) {
		s := u.planted.evidence(PatternSilentUnit, ledger)
		s.IDs = append(s.IDs, id)
	}
}

// noteOutcome records the row id of ledger as an outcome of u's mechanisms.
func noteOutcome(u *unit, ledger, id string) {
	o := u.planted.outcome(ledger)
	o.IDs = append(o.IDs, id)
}
