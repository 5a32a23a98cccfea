package data

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// payment is one row of payments.csv before it gets its id.
type payment struct {
	prog     *program
	payee    *person
	amount   int64 // fen
	on       day
	account  string
	approver *person
	pattern  string // the planted pattern the row carries, if any
	decoy    string // the decoy kind the row belongs to, if any
}

// payer generates the payments of one unit.
type payer struct {
	g         *gen
	r         *rand.Rand
	u         *unit
	progs     []*program
	base      float64 // residents served, in thousands
	intensity float64
	payDay    map[string]int // day of the month each programme pays on
	members   map[string]map[*person]bool
	rows      []payment
}

// Realistic shapes of a roster: most payees are enrolled for the whole
// window; some join or leave; some leave because they die.
const (
	enrolledFromStart = 0.7
	enrolledToEnd     = 0.75
	// minPlantedPayments is the least number of payments a unit planted
	// with a payment pattern makes in the last twelve months, so that
	// Benford's test has enough digits to see it; plantedTarget is what its
	// intensity aims at.
	minPlantedPayments = 300
	plantedTarget      = 360
	last12From         = 17 // month index of 2016-06
)

// newPayer prepares the payments of u, or returns nil if u pays nothing.
func newPayer(g *gen, u *unit) *payer {
	progs := programsOf(u)
	if len(progs) == 0 {
		return nil
	}
	pa := &payer{g: g, r: unitRand(g.seed, "payments", u.idx), u: u, progs: progs,
		base: float64(servedPopulation(g, u)) / 1000 * g.p.PaymentScale, intensity: u.payIntensity,
		payDay: make(map[string]int), members: make(map[string]map[*person]bool)}
	for _, p := range progs {
		pa.payDay[p.code] = between(pa.r, 5, 20)
	}
	return pa
}

// servedPopulation is a village's own population or, for a station, its
// township's.
func servedPopulation(g *gen, u *unit) int {
	if u.level == levelStation {
		return g.units[u.township].pop
	}
	return u.pop
}

// expectedLast12 estimates how many payments u makes in the last twelve
// months at intensity 1.
func expectedLast12(g *gen, u *unit) float64 {
	base := float64(servedPopulation(g, u)) / 1000 * g.p.PaymentScale
	var n float64
	for _, p := range programsOf(u) {
		switch p.freq {
		case monthly:
			n += p.rate * base * 12 * 0.85
		default:
			n += p.rate * base
		}
	}
	return n
}

// generateEnough generates the unit's payments. A unit planted with a
// payment pattern that falls short of minPlantedPayments in the last twelve
// months is drawn again at a higher intensity.
func (pa *payer) generateEnough() []payment {
	rows := pa.generate()
	for try := 0; pa.u.hasPaymentPattern() && countSince(rows, monthStart(last12From)) < minPlantedPayments && try < 8; try++ {
		pa.intensity *= 1.25
		pa.rows = nil
		pa.members = make(map[string]map[*person]bool)
		pa.u.planted.dropEvidence("payments")
		rows = pa.generate()
	}
	return rows
}

// countSince counts the payments made on or after from.
func countSince(rows []payment, from day) int {
	n := 0
	for _, p := range rows {
		if p.on >= from {
			n++
		}
	}
	return n
}

// generate draws the unit's clean payments, then plants its patterns.
func (pa *payer) generate() []payment {
	for _, p := range pa.progs {
		switch p.freq {
		case monthly:
			pa.monthlyRoster(p)
		case annual:
			pa.annualRoster(p)
		case adHoc:
			pa.adHocPayments(p)
		}
	}
	pa.roundSome(0.01, "") // clerks round a few amounts anyway
	pa.decoyRows()
	if pa.u.has(PatternBenefitRelatives) {
		pa.plantRelatives()
	}
	if pa.u.has(PatternRegisterMatch) {
		pa.plantRegisterMatch()
	}
	if pa.u.has(PatternSplitAmounts) {
		pa.plantSplits()
	}
	if pa.u.has(PatternRoundAmounts) {
		pa.roundSome(uniform(pa.r, 0.6, 0.8), PatternRoundAmounts)
	}
	if pa.u.has(PatternDuplicatePayment) {
		pa.plantDuplicates()
	}
	if pa.u.has(PatternSharedAccount) {
		pa.plantSharedAccount()
	}
	if pa.u.has(PatternOwnerBenefits) {
		pa.plantOwners()
	}
	if pa.u.has(PatternPayeeConcentration) {
		pa.plantConcentration()
	}
	if pa.u.has(PatternYearEndRush) {
		pa.plantRushPayments()
	}
	pa.setApprovers()
	slices.SortStableFunc(pa.rows, func(a, b payment) int {
		if c := cmp.Compare(a.on, b.on); c != 0 {
			return c
		}
		if c := cmp.Compare(a.prog.code, b.prog.code); c != 0 {
			return c
		}
		return cmp.Compare(a.payee.id, b.payee.id)
	})
	return pa.rows
}

// amount draws a programme's amount in fen.
func (pa *payer) amount(p *program, scale float64) int64 {
	a := lognormal(pa.r, p.median*scale, p.sigma)
	return max(100, int64(math.Round(a*100)))
}

// rosterAmount is a monthly payment's amount: the old-age allowance by
// the payee's age band, the disability allowances at the payee's
// standard, any other drawn.
func (pa *payer) rosterAmount(p *program, who *person, on day, standard int64) int64 {
	switch p.code {
	case "gaoling":
		return gaolingAmount(who.ageOn(on))
	case "canji":
		return standard
	}
	return pa.amount(p, 1)
}

// payOn returns the pay day of programme p in month m.
func (pa *payer) payOn(p *program, m int) day {
	return (monthStart(m) + day(pa.payDay[p.code]-1)).workday()
}

// payee returns a person eligible for p: a resident already paid by the
// village (or, for a station, by one of its township's villages) or a new
// one.
func (pa *payer) payee(p *program) *person {
	r := pa.r
	pool := pa.u.residents
	if pa.u.level == levelStation {
		vs := pa.g.villagesOf[pa.u.township]
		if len(vs) > 0 {
			pool = vs[r.IntN(len(vs))].residents
		}
	}
	if pa.members[p.code] == nil {
		pa.members[p.code] = make(map[*person]bool)
	}
	if len(pool) > 0 && chance(r, 0.2) {
		c := pool[r.IntN(len(pool))]
		a := c.ageOn(dayOf(2016, 7, 1))
		if a >= p.minAge && a <= p.maxAge && c.died == alive && !pa.members[p.code][c] && !(p.means && c.owner) {
			c.enrolments++
			pa.members[p.code][c] = true
			return c
		}
	}
	c := pa.g.people.resident(pa.u.dist.Code, p.minAge, p.maxAge)
	c.enrolments++
	pa.members[p.code][c] = true
	pa.g.noteResident(c, p)
	if pa.u.level == levelVillage {
		pa.u.residents = append(pa.u.residents, c)
	}
	return c
}

func (pa *payer) add(p *program, who *person, on day, amount int64, pattern string) {
	pa.rows = append(pa.rows, payment{prog: p, payee: who, amount: amount, on: on, account: who.account, pattern: pattern})
}

// monthlyRoster pays a roster of payees once a month while enrolled.
func (pa *payer) monthlyRoster(p *program) {
	r := pa.r
	n := poisson(r, p.rate*pa.base*pa.intensity*pa.rateFactor(p))
	decoy := pa.fixedDecoy(p)
	for range n {
		who := pa.payee(p)
		standard := int64(0)
		if p.code == "canji" {
			standard = canjiStandards[pick(r, canjiWeights)]
		}
		from, to := 0, months
		if !chance(r, enrolledFromStart) {
			from = between(r, 1, months-1)
		}
		if !chance(r, enrolledToEnd) {
			to = between(r, from+1, months)
		}
		if to < months && who.enrolments == 1 && chance(r, deathShare(p)) {
			pa.g.recordDeath(who, pa.payOn(p, to-1)+day(between(r, 1, 25)), pa.u)
		}
		for m := from; m < to; m++ {
			on := pa.payOn(p, m)
			pa.add(p, who, on, pa.rosterAmount(p, who, on, standard), "")
			pa.rows[len(pa.rows)-1].decoy = decoy
		}
	}
}

// deathShare is the share of payees leaving a programme because they died.
func deathShare(p *program) float64 {
	if p.code == "gaoling" {
		return 0.7
	}
	return 0.25
}

// annualRoster pays a roster once a year in the unit's month for p.
func (pa *payer) annualRoster(p *program) {
	r := pa.r
	month := p.months[r.IntN(len(p.months))]
	n := poisson(r, p.rate*pa.base*pa.intensity)
	for range n {
		who := pa.payee(p)
		first := 2015
		if !chance(r, 0.85) {
			first = between(r, 2016, 2017)
		}
		for y := first; y <= 2017; y++ {
			on := (dayOf(y, month, 1) + day(pa.payDay[p.code]-1)).workday()
			if on > lastDay || (y > first && chance(r, 0.05)) {
				break
			}
			pa.add(p, who, on, pa.amount(p, 1), "")
		}
	}
}

// adHocPayments pays one-off amounts on random working days.
func (pa *payer) adHocPayments(p *program) {
	r := pa.r
	n := poisson(r, p.rate*pa.base*pa.intensity*float64(months)/12)
	for range n {
		on := day(r.IntN(int(lastDay) + 1)).workday()
		pa.add(p, pa.payee(p), clampDay(on, firstDay, lastDay), pa.amount(p, 1), "")
	}
}

// roundSome rounds a share of the unmarked rows to round amounts and marks
// them with pattern (empty for the clean background).
func (pa *payer) roundSome(share float64, pattern string) {
	for i := range pa.rows {
		row := &pa.rows[i]
		if !pa.roundable(row, pattern) || !chance(pa.r, share) {
			continue
		}
		row.amount = roundAmount(row.amount)
		row.pattern = pattern
	}
}

// roundable reports whether row may be rounded for pattern: not a row
// already marked, a decoy's or a fixed amount, and for a planted pattern
// not before the unit's start.
func (pa *payer) roundable(row *payment, pattern string) bool {
	return row.pattern == "" && row.decoy == "" && !row.prog.fixed() && (pattern == "" || pa.u.after(row.on))
}

// roundAmount rounds fen to a round number of yuan: to 100 below 2,000,
// to 500 below 10,000, to 1,000 above.
func roundAmount(fen int64) int64 {
	step := int64(100000)
	switch yuan := fen / 100; {
	case yuan < 2000:
		step = 10000
	case yuan < 10000:
		step = 50000
	}
	return max(step, (fen+step/2)/step*step)
}

// setApprovers signs each payment: the unit's own cadre below the approval
// limit, the township's deputy for civil affairs from it.
func (pa *payer) setApprovers() {
	own := pa.u.cadres[0]
	if pa.u.level == levelVillage {
		own = pa.u.cadres[1]
	}
	town := pa.g.units[pa.u.township].cadres[3]
	for i := range pa.rows {
		if pa.rows[i].amount < approvalLimit {
			pa.rows[i].approver = own
		} else {
			pa.rows[i].approver = town
		}
	}
}

// adHocProgram is the programme a unit pays one-off amounts from.
func (pa *payer) adHocProgram() *program {
	for _, p := range pa.progs {
		if p.freq == adHoc {
			return p
		}
	}
	return programByCode("linshi")
}

// meansProgram returns the unit's first means-tested programme, or its
// ad-hoc one.
func (pa *payer) meansProgram() *program {
	for _, p := range pa.progs {
		if p.means {
			return p
		}
	}
	return pa.adHocProgram()
}

// enrol pays who from programme p every month from month from to the end
// (monthly) or a few times (otherwise), marking each row with mark(day).
func (pa *payer) enrol(p *program, who *person, from int, scale float64, mark func(day) string) {
	r := pa.r
	if p.freq != monthly {
		for range between(r, 3, 6) {
			on := someDay(r, monthStart(from), lastDay)
			pa.add(p, who, on, pa.amount(p, scale), mark(on))
		}
		return
	}
	for m := from; m < months; m++ {
		on := pa.payOn(p, m)
		pa.add(p, who, on, pa.amount(p, scale), mark(on))
	}
}
