package risk

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// MethodLocalSearch names the solver in plans.method.
const MethodLocalSearch = "local-search"

// MethodText describes each solver in Chinese and English.
var MethodText = map[string][2]string{
	MethodLocalSearch: {
		"各组各轮进驻的区（市）县由局部搜索确定（调换一组所到区县、两组互换、一组两轮互换，直至无改进）；给定进驻安排后，各区县巡察哪些单位按横截拟阵贪心精确求解；上界为允许一组一轮分赴多个区县的松弛问题（拟阵贪心，精确）",
		"districts by local search (move a team, swap two teams, swap a team's rounds, until no move improves); given them, the units of each district chosen exactly (transversal-matroid greedy); bound: the relaxation in which a team may divide a round among districts (gammoid greedy, exact)",
	},
}

// roundsFor returns the rounds of the year after asOf: the configured
// ones, which must start after asOf and within a year of it, or
// rounds_per_year rounds from the first day of the next month.
func (tc Tours) roundsFor(asOf time.Time) ([]Round, error) {
	if len(tc.Rounds) > 0 {
		for i, r := range tc.Rounds {
			if !r.Starts.After(asOf) || r.Starts.After(asOf.AddDate(1, 0, 0)) {
				return nil, fmt.Errorf("tours.rounds[%d] starts %s: a round must start after the as-of date %s and within a year of it",
					i, r.Starts.Format(time.DateOnly), asOf.Format(time.DateOnly))
			}
		}
		out := slices.Clone(tc.Rounds)
		for i := range out {
			if out[i].Name == "" {
				out[i].Name = fmt.Sprintf("第%d轮", i+1)
			}
		}
		return out, nil
	}
	first := time.Date(asOf.Year(), asOf.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Round, tc.RoundsPerYear)
	for i := range out {
		s := first.AddDate(0, i*12/tc.RoundsPerYear, 0)
		out[i] = Round{Name: fmt.Sprintf("第%d轮", i+1), Starts: s, Ends: s.AddDate(0, 0, 7*tc.RoundWeeks-1)}
	}
	return out, nil
}

// district is one district of the units' tree.
type district struct{ ID, Name string }

func readDistricts(ctx context.Context, q querier) ([]district, error) {
	rows, err := q.QueryContext(ctx, sqlText("plan_districts"))
	if err != nil {
		return nil, fmt.Errorf("districts: %w", err)
	}
	defer rows.Close()
	var out []district
	for rows.Next() {
		var d district
		if err := rows.Scan(&d.ID, &d.Name); err != nil {
			return nil, fmt.Errorf("districts: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// resolveTeams gives each team its home district: the configured one,
// which must be a district of the units ledger, or else the k-th
// district in code order for the k-th team.
func resolveTeams(tc Tours, ds []district) ([]PlanTeam, error) {
	name := map[string]string{}
	for _, d := range ds {
		name[d.ID] = d.Name
	}
	out := make([]PlanTeam, len(tc.Teams))
	for k, t := range tc.Teams {
		home := t.Home
		if home == "" && len(ds) > 0 {
			home = ds[k%len(ds)].ID
		}
		if _, ok := name[home]; home != "" && !ok {
			return nil, fmt.Errorf("tours.teams[%d].home: %q is not a district of the units ledger", k, home)
		}
		out[k] = PlanTeam{Name: t.Name, Home: home, HomeName: name[home], Units: tc.TeamUnits(k)}
	}
	return out, nil
}

// maxScheduleTries bounds the re-solves when the rolling schedule runs
// late: each asks year 1 to take more of what falls due later. A solve
// takes well under a second on a city of 6,000 units.
const maxScheduleTries = 12

// candidate is a scored unit as the year's plan sees it.
type candidate struct {
	u        *planUnit
	due      time.Time
	dueYear  int // 0: overdue
	first    int // first eligible round; len(rounds): none this year
	class    int
	random   bool
	pulled   bool
	expected float64
}

// planTours solves the year's tour plan and the rolling schedule (see
// MakePlanWith).
func (p *Plan) planTours(ctx context.Context, q querier, units []planUnit, tc Tours, cal Calibrator, clock func() time.Time) error {
	var err error
	if p.Rounds, err = tc.roundsFor(p.AsOf); err != nil {
		return err
	}
	ds, err := readDistricts(ctx, q)
	if err != nil {
		return err
	}
	if p.Teams, err = resolveTeams(tc, ds); err != nil {
		return err
	}
	cands := p.candidates(units, tc, cal)
	prob := p.problem(cands, ds, tc)
	p.drawLottery(cands, prob, tc)
	start := time.Time{}
	if clock != nil {
		start = clock()
	}
	// Pull forward what the later years cannot hold, solve, schedule; if
	// the schedule still runs late (whole visits waste slots), ask year 1
	// to take more and solve again.
	visits, block := len(tc.Teams)*tc.RoundsPerYear, p.meanTeamSize()
	var sol *tourSolution
	var years []int
	var rest []int
	for try, capacity := 0, visits*block; ; try++ {
		p.markPulled(cands, prob, tc.CoverageYears, capacity)
		sol = solveTours(prob)
		years, rest, p.Late = p.scheduleRest(cands, sol, tc, visits, block)
		if p.Late == 0 || try == maxScheduleTries || capacity <= block {
			break
		}
		capacity -= (p.Late+tc.CoverageYears-2)/max(1, tc.CoverageYears-1) + block
	}
	if clock != nil {
		p.Solve.Seconds = clock().Sub(start).Seconds()
	}
	p.report(cands, prob, sol)
	p.targets(cands, sol, tc, cal)
	p.schedule(cands, sol, years, rest)
	return nil
}

func (p *Plan) meanTeamSize() int {
	total := 0
	for _, t := range p.Teams {
		total += t.Units
	}
	return max(1, total/max(1, len(p.Teams)))
}

// candidates reads each unit's due date, first eligible round and
// expected findings.
func (p *Plan) candidates(units []planUnit, tc Tours, cal Calibrator) []candidate {
	out := make([]candidate, len(units))
	for i := range units {
		u := &units[i]
		c := candidate{u: u, first: len(p.Rounds), expected: cal.Expected(u.Level, u.Score)}
		base := u.LastTour
		if base.IsZero() {
			base = p.RecordsFrom
		}
		if base.IsZero() {
			base = p.AsOf
		}
		c.due = base.AddDate(tc.CoverageYears, 0, 0)
		c.dueYear = yearOf(p.AsOf, c.due)
		for r, rd := range p.Rounds {
			if u.LastTour.IsZero() || !rd.Starts.Before(u.LastTour.AddDate(0, tc.RecentMonths, 0)) {
				c.first = r
				break
			}
		}
		switch {
		case c.first == len(p.Rounds):
			p.Excluded++
		case c.dueYear == 0:
			c.class = 2
			p.Overdue++
		case c.dueYear == 1:
			c.class = 1
		}
		out[i] = c
	}
	return out
}

// problem builds the optimiser's view of the candidates.
func (p *Plan) problem(cands []candidate, ds []district, tc Tours) *tourProblem {
	idx := map[string]int{}
	for i, d := range ds {
		idx[d.ID] = i
	}
	prob := &tourProblem{rounds: len(p.Rounds), districts: len(ds), maxTeams: tc.MaxTeams()}
	for _, t := range p.Teams {
		home := -1
		if h, ok := idx[t.Home]; ok {
			home = h
		}
		prob.teams = append(prob.teams, solveTeam{size: t.Units, home: home})
	}
	for _, c := range cands {
		d, ok := idx[c.u.District]
		if !ok {
			d = -1 // a unit outside any district cannot be toured by a district's team
		}
		prob.units = append(prob.units, solveUnit{district: d, first: c.first, class: c.class, value: c.expected})
	}
	return prob
}

// drawLottery draws the random slice: round(random_share × slots) units
// (of the slots the eligible units can fill), uniformly among them, by a PCG stream seeded
// with tours.random_seed and the as-of date. Drawn units must be toured
// (class 2) and are marked random.
func (p *Plan) drawLottery(cands []candidate, prob *tourProblem, tc Tours) {
	slots := 0
	for _, t := range p.Teams {
		slots += t.Units * len(p.Rounds)
	}
	p.Solve.Slots = slots
	var eligible []int
	for i, c := range cands {
		if c.first < len(p.Rounds) && prob.units[i].district >= 0 {
			eligible = append(eligible, i)
		}
	}
	// Draw in unit id order, so that the draw depends on nothing else.
	slices.SortFunc(eligible, func(a, b int) int { return cmp.Compare(cands[a].u.ID, cands[b].u.ID) })
	// A share of the slots the year can fill (all of them, unless fewer
	// units are eligible than there are slots).
	k := int(math.Round(tc.RandomShare * float64(min(slots, len(eligible)))))
	h := fnv.New64a()
	h.Write([]byte(p.AsOf.Format(time.DateOnly)))
	r := rand.New(rand.NewPCG(uint64(tc.RandomSeed), h.Sum64()))
	for j := range k { // a partial Fisher–Yates shuffle
		m := j + r.IntN(len(eligible)-j)
		eligible[j], eligible[m] = eligible[m], eligible[j]
		i := eligible[j]
		cands[i].random, cands[i].class = true, 2
		prob.units[i].class = 2
	}
	p.RandomSlots = k
}

// markPulled marks class 1 the units year 1 must take so that years 2
// and after can hold the rest (capacity units a year) by their due years.
func (p *Plan) markPulled(cands []candidate, prob *tourProblem, years, capacity int) {
	var us []yearUnit
	var at []int
	for i, c := range cands {
		if c.class == 2 || c.dueYear <= 1 {
			continue
		}
		first := 1
		if c.first == len(p.Rounds) || prob.units[i].district < 0 {
			first = 2
		}
		if c.pulled { // from an earlier try
			cands[i].pulled, cands[i].class, prob.units[i].class = false, 0, 0
		}
		us = append(us, yearUnit{due: c.dueYear, first: first, value: c.expected})
		at = append(at, i)
	}
	p.Pulled = 0
	limit := p.Solve.Slots
	for _, u := range prob.units {
		if u.class == 2 {
			limit--
		}
	}
	for _, j := range pullForward(us, years, capacity, max(0, limit)) {
		i := at[j]
		cands[i].pulled, cands[i].class, prob.units[i].class = true, 1, 1
		p.Pulled++
	}
}

// scheduleRest schedules the units the year's plan does not take: it
// returns their years (indexed like rest, the candidates' indices) and the
// number scheduled after their due year.
func (p *Plan) scheduleRest(cands []candidate, sol *tourSolution, tc Tours, visits, block int) (years, rest []int, late int) {
	var us []yearUnit
	districts := map[string]int{}
	for i, c := range cands {
		if sol.round[i] >= 0 {
			continue
		}
		d, ok := districts[c.u.District]
		if !ok {
			d = len(districts)
			districts[c.u.District] = d
		}
		first := 2
		if !c.u.LastTour.IsZero() {
			first = max(2, yearOf(p.AsOf, c.u.LastTour.AddDate(0, tc.RecentMonths, 0)))
		}
		us = append(us, yearUnit{district: d, due: c.dueYear, first: first, value: c.expected})
		rest = append(rest, i)
	}
	years, late = scheduleYears(us, tc.CoverageYears, visits, block)
	return years, rest, late
}

// report records the solver's figures.
func (p *Plan) report(cands []candidate, prob *tourProblem, sol *tourSolution) {
	s := &p.Solve
	s.Method = MethodLocalSearch
	s.Objective, s.Bound = sol.value.value, sol.bound.value
	s.MustPlaced, s.DuePlaced = sol.value.must, sol.value.due
	s.BoundMust, s.BoundDue = sol.bound.must, sol.bound.due
	s.Moves = sol.moves
	s.Must, s.Due, s.Planned = 0, 0, 0
	for i, u := range prob.units {
		switch u.class {
		case 2:
			s.Must++
		case 1:
			s.Due++
		}
		if sol.round[i] >= 0 {
			s.Planned++
		} else if cands[i].class == 2 && !cands[i].random {
			p.OverdueLeftOut = append(p.OverdueLeftOut, cands[i].u.ID)
		}
	}
	if s.Bound > 0 && s.BoundMust == s.MustPlaced && s.BoundDue == s.DuePlaced {
		s.Gap = (s.Bound - s.Objective) / s.Bound
	} else {
		s.Gap = math.NaN()
	}
}

// targets turns the year's plan into tour targets, ordered by round,
// team and class and expected findings.
func (p *Plan) targets(cands []candidate, sol *tourSolution, tc Tours, cal Calibrator) {
	_, relative := cal.(ScoreCalibration)
	var ts []Target
	var order []int
	for i := range cands {
		if sol.round[i] >= 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(sol.round[a], sol.round[b]); c != 0 {
			return c
		}
		if c := cmp.Compare(sol.team[a], sol.team[b]); c != 0 {
			return c
		}
		if c := cmp.Compare(cands[b].class, cands[a].class); c != 0 {
			return c
		}
		return cmp.Compare(cands[b].expected, cands[a].expected)
	})
	for _, i := range order {
		c := &cands[i]
		t := c.u.target(KindTour, p.AsOf)
		t.Round, t.Team = sol.round[i]+1, sol.team[i]+1
		rd := p.Rounds[sol.round[i]]
		t.Starts, t.Ends = rd.Starts, rd.Ends
		t.Forced = c.class >= 1 && !c.random
		t.Random = c.random
		t.Expected, t.DueOn = c.expected, c.due
		t.Deadline = rd.Ends.AddDate(0, 0, tc.RectifyDays)
		t.ReasonZh, t.ReasonEn = p.tourReason(c, tc, relative)
		t.Seq = len(ts) + 1
		ts = append(ts, t)
	}
	p.Tours = ts
}

// schedule fills the rolling schedule of every unit (rank order).
func (p *Plan) schedule(cands []candidate, sol *tourSolution, years, rest []int) {
	later := map[int]int{}
	for j, i := range rest {
		later[i] = years[j]
	}
	p.Schedule = make([]ScheduleEntry, len(cands))
	for i, c := range cands {
		e := ScheduleEntry{UnitID: c.u.ID, LastTour: c.u.LastTour, DueOn: c.due, DueYear: c.dueYear,
			Overdue: c.dueYear == 0, Expected: c.expected}
		if sol.round[i] >= 0 {
			e.PlannedYear = 1
		} else {
			e.PlannedYear = later[i]
		}
		p.Schedule[i] = e
	}
}

// CoverageHolds reports whether every unit is scheduled within the cycle
// no later than its due year (an overdue unit in year 1).
func (p *Plan) CoverageHolds() bool {
	for _, e := range p.Schedule {
		if e.PlannedYear == 0 || e.PlannedYear > max(1, e.DueYear) {
			return false
		}
	}
	return true
}

// tourReason states why a unit is on the plan: the lottery or the
// coverage rule, its rank, score and expected findings, and its reasons.
func (p *Plan) tourReason(c *candidate, tc Tours, relative bool) (zh, en string) {
	var hz, he string
	ym := func(t time.Time) (string, string) {
		return fmt.Sprintf("%d年%d月", t.Year(), int(t.Month())), t.Format("2006-01")
	}
	dz, de := ym(c.due)
	switch {
	case c.random:
		hz = fmt.Sprintf("随机抽取：本年度%g%%的巡察名额由抽签在可巡察单位中产生，不论风险高低，用于检验按风险选点的成效", 100*tc.RandomShare)
		he = fmt.Sprintf("drawn by lottery: %g%% of the year's slots go to eligible units drawn at random, whatever their risk, to measure the targeting against chance", 100*tc.RandomShare)
	case c.class == 2 && c.u.LastTour.IsZero():
		rz, re := ym(p.RecordsFrom)
		hz = fmt.Sprintf("巡察记录自%s起无该单位巡察记录，按%d年全覆盖要求已到期（应于%s前巡察）", rz, tc.CoverageYears, dz)
		he = fmt.Sprintf("no tour on record since the records start (%s): overdue under %d-year full coverage (due by %s)", re, tc.CoverageYears, de)
	case c.class == 2:
		lz, le := ym(c.u.LastTour)
		hz = fmt.Sprintf("上次巡察为%s，已超过%d年，按全覆盖要求必须安排", lz, tc.CoverageYears)
		he = fmt.Sprintf("last toured %s, more than %d years ago: overdue under full coverage", le, tc.CoverageYears)
	case c.class == 1 && c.pulled:
		hz = fmt.Sprintf("按全覆盖要求须于%s前巡察，以后各年名额不足，须在本年度安排", dz)
		he = fmt.Sprintf("due by %s under full coverage; the later years' slots cannot hold every unit due by then, so it is toured this year", de)
	case c.class == 1:
		hz = fmt.Sprintf("按全覆盖要求须于%s前巡察", dz)
		he = fmt.Sprintf("due by %s under full coverage", de)
	}
	rz := fmt.Sprintf("风险排名第%d位（%.1f分）", c.u.Rank, c.u.Score)
	re := fmt.Sprintf("risk rank %d (score %.1f)", c.u.Rank, c.u.Score)
	if !relative {
		rz += fmt.Sprintf("，预计发现问题%.1f个", c.expected)
		re += fmt.Sprintf(", %.1f problems expected", c.expected)
	}
	parts := func(head, rank, reasons string) string {
		var s []string
		if head != "" {
			s = append(s, head)
		}
		s = append(s, rank)
		if reasons != "" {
			s = append(s, reasons)
		}
		return strings.Join(s, "\n")
	}
	return parts(hz, rz, c.u.ReasonsZh), parts(he, re, c.u.ReasonsEn)
}
