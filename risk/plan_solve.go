package risk

import (
	"cmp"
	"slices"
)

// The tour plan of the coming year as an optimisation.
//
// Each round, each team tours one district other than its home district,
// taking at most its size in units there; at most maxTeams teams are in
// one district in one round. A unit may be toured from its first eligible
// round on (units toured within recent_months of a round are not) and at
// most once. Every unit has a class: 2 for units that must be toured now
// (overdue under the coverage cycle, or drawn by the lottery), 1 for units
// due within the year, 0 for the others; and a value, its expected
// findings. Plans are ordered lexicographically: more class-2 units, then
// more class-1 units, then more expected findings (planValue).
//
// Given the teams' districts, the best choice of units is exact and cheap:
// the sets of a district's units that its slots can take (round by round,
// each unit from its first eligible round on) are the independent sets of
// a transversal matroid, so the greedy choice by class and value is
// optimal (evalDistrict), and it is checked with the suffix form of Hall's
// condition: for every round a, the units eligible only from a on are no
// more than the slots of rounds a and after.
//
// The teams' districts are chosen by a greedy construction and a local
// search (moving a team to another district, swapping two teams' districts
// in a round, swapping a team's districts between two rounds) until no
// move improves the plan. The bound is the same problem with a team's
// round divisible among districts: the units a plan may take then form a
// gammoid (units → district-rounds → rounds), whose greedy optimum is
// exact (bound). Every plan is feasible for that relaxation, so its value
// bounds every plan's; the gap between the plan and the bound is what the
// relaxation's divisible teams gain, at most.

// tourProblem is the year's plan as the optimiser sees it.
type tourProblem struct {
	rounds    int
	districts int
	maxTeams  int // teams in one district in one round
	teams     []solveTeam
	units     []solveUnit
}

type solveTeam struct {
	size int
	home int // district index; -1 for none
}

type solveUnit struct {
	district int
	first    int     // first round it may be toured in; >= rounds: none
	class    int     // 2: must be toured now, 1: due within the year, 0: other
	value    float64 // expected findings
}

// planValue is a plan's worth: units of class 2 and 1 placed, the sum of
// the values of every unit placed, and, at equal value, the number of
// units placed (a tour of a unit of no expected findings still counts
// towards full coverage).
type planValue struct {
	must, due int
	value     float64
	units     int
}

// valueTolerance is the least gain in expected findings a move must bring:
// sums of thousands of values differ in their last bits.
const valueTolerance = 1e-9

func (a planValue) cmp(b planValue) int {
	if c := cmp.Compare(a.must, b.must); c != 0 {
		return c
	}
	if c := cmp.Compare(a.due, b.due); c != 0 {
		return c
	}
	switch {
	case a.value > b.value+valueTolerance:
		return 1
	case a.value < b.value-valueTolerance:
		return -1
	}
	return cmp.Compare(a.units, b.units)
}

func (a planValue) plus(b planValue) planValue {
	return planValue{a.must + b.must, a.due + b.due, a.value + b.value, a.units + b.units}
}

func (a planValue) minus(b planValue) planValue {
	return planValue{a.must - b.must, a.due - b.due, a.value - b.value, a.units - b.units}
}

func (u solveUnit) worth() planValue {
	v := planValue{value: u.value, units: 1}
	switch u.class {
	case 2:
		v.must = 1
	case 1:
		v.due = 1
	}
	return v
}

// tourSolution is a plan: each team's district in each round, and each
// unit's round and team (-1 when not in the plan).
type tourSolution struct {
	visit       [][]int // [round][team] → district, -1 when idle
	round, team []int   // per unit
	value       planValue
	bound       planValue
	moves       int // improving moves of the local search
}

// solver holds the working state of the local search.
type solver struct {
	p       *tourProblem
	byDist  [][]int // each district's eligible units, best first
	slots   [][]int // [district][round] slots
	teamsIn [][]int // [district][round] teams
	val     []planValue
	visit   [][]int
	suffix  []int // scratch of evalDistrict
	used    []int // scratch of evalDistrict
}

// solveTours plans the year: the local search's plan with the
// relaxation's bound.
func solveTours(p *tourProblem) *tourSolution {
	s := newSolver(p)
	s.construct()
	moves := s.improve()
	sol := s.solution()
	sol.moves = moves
	sol.bound = p.bound()
	return sol
}

func newSolver(p *tourProblem) *solver {
	s := &solver{p: p, byDist: make([][]int, p.districts), slots: make([][]int, p.districts),
		teamsIn: make([][]int, p.districts), val: make([]planValue, p.districts),
		suffix: make([]int, p.rounds+1), used: make([]int, p.rounds)}
	for i, u := range p.units {
		if u.first < p.rounds && u.district >= 0 && u.district < p.districts {
			s.byDist[u.district] = append(s.byDist[u.district], i)
		}
	}
	for d := range s.byDist {
		slices.SortStableFunc(s.byDist[d], p.better)
		s.slots[d] = make([]int, p.rounds)
		s.teamsIn[d] = make([]int, p.rounds)
	}
	s.visit = make([][]int, p.rounds)
	for r := range s.visit {
		s.visit[r] = make([]int, len(p.teams))
		for t := range s.visit[r] {
			s.visit[r][t] = -1
		}
	}
	return s
}

// better orders units best first: class, then value, then index.
func (p *tourProblem) better(a, b int) int {
	ua, ub := p.units[a], p.units[b]
	if c := cmp.Compare(ub.class, ua.class); c != 0 {
		return c
	}
	if c := cmp.Compare(ub.value, ua.value); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// evalDistrict returns the worth of the best choice of d's units for the
// slots per round; if keep is not nil the chosen units are appended to it.
func (s *solver) evalDistrict(d int, slots []int, keep *[]int) planValue {
	R := s.p.rounds
	// suffix[a] = slots of rounds a and after; used[a] = units chosen that
	// are eligible only from a round ≥ a.
	suffix, used := s.suffix, s.used
	suffix[R] = 0
	for r := R - 1; r >= 0; r-- {
		suffix[r] = suffix[r+1] + slots[r]
		used[r] = 0
	}
	var v planValue
	if suffix[0] == 0 {
		return v
	}
	taken := 0
	for _, i := range s.byDist[d] {
		e := s.p.units[i].first
		ok := true
		for a := 0; a <= e; a++ {
			if used[a]+1 > suffix[a] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for a := 0; a <= e; a++ {
			used[a]++
		}
		v = v.plus(s.p.units[i].worth())
		if keep != nil {
			*keep = append(*keep, i)
		}
		if taken++; taken == suffix[0] {
			break
		}
	}
	return v
}

// allowed reports whether team t may tour district d in round r given the
// other teams there.
func (s *solver) allowed(t, d, r int) bool {
	return d >= 0 && d != s.p.teams[t].home && s.teamsIn[d][r] < s.p.maxTeams
}

// set puts team t in district d (-1: idle) in round r and updates the
// districts' values.
func (s *solver) set(r, t, d int) {
	if old := s.visit[r][t]; old >= 0 {
		s.slots[old][r] -= s.p.teams[t].size
		s.teamsIn[old][r]--
		s.val[old] = s.evalDistrict(old, s.slots[old], nil)
	}
	s.visit[r][t] = d
	if d >= 0 {
		s.slots[d][r] += s.p.teams[t].size
		s.teamsIn[d][r]++
		s.val[d] = s.evalDistrict(d, s.slots[d], nil)
	}
}

// gainOf is the change of d's value if its slots in round r change by
// delta.
func (s *solver) gainOf(d, r, delta int) planValue {
	s.slots[d][r] += delta
	v := s.evalDistrict(d, s.slots[d], nil)
	s.slots[d][r] -= delta
	return v.minus(s.val[d])
}

// construct fills the rounds in order, each team (largest first) taking
// the district it adds most to.
func (s *solver) construct() {
	order := make([]int, len(s.p.teams))
	for t := range order {
		order[t] = t
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(s.p.teams[b].size, s.p.teams[a].size) })
	for r := range s.p.rounds {
		for _, t := range order {
			best, bestGain := -1, planValue{}
			for d := range s.p.districts {
				if !s.allowed(t, d, r) {
					continue
				}
				if g := s.gainOf(d, r, s.p.teams[t].size); g.cmp(bestGain) > 0 {
					best, bestGain = d, g
				}
			}
			if best >= 0 {
				s.set(r, t, best)
			}
		}
	}
}

// improve runs the local search until no move improves the plan; it
// returns the number of improving moves made.
func (s *solver) improve() int {
	moves := 0
	for improved := true; improved; {
		improved = false
		for r := range s.p.rounds {
			for t := range s.p.teams {
				if s.relocate(r, t) {
					improved = true
					moves++
				}
			}
			for t1 := range s.p.teams {
				for t2 := t1 + 1; t2 < len(s.p.teams); t2++ {
					if s.swapTeams(r, t1, t2) {
						improved = true
						moves++
					}
				}
			}
		}
		for t := range s.p.teams {
			for r1 := range s.p.rounds {
				for r2 := r1 + 1; r2 < s.p.rounds; r2++ {
					if s.swapRounds(t, r1, r2) {
						improved = true
						moves++
					}
				}
			}
		}
	}
	return moves
}

// relocate moves team t in round r to the district that improves the plan
// most, if any does.
func (s *solver) relocate(r, t int) bool {
	d1, size := s.visit[r][t], s.p.teams[t].size
	var loss planValue
	if d1 >= 0 {
		loss = s.gainOf(d1, r, -size)
	}
	best, bestGain := -1, planValue{}
	for d := range s.p.districts {
		if d == d1 || !s.allowed(t, d, r) {
			continue
		}
		if g := s.gainOf(d, r, size).plus(loss); g.cmp(bestGain) > 0 {
			best, bestGain = d, g
		}
	}
	if best < 0 {
		return false
	}
	s.set(r, t, best)
	return true
}

// swapTeams exchanges the districts of teams t1 and t2 in round r if that
// improves the plan (it can when their sizes differ).
func (s *solver) swapTeams(r, t1, t2 int) bool {
	d1, d2 := s.visit[r][t1], s.visit[r][t2]
	z1, z2 := s.p.teams[t1].size, s.p.teams[t2].size
	if d1 == d2 || z1 == z2 || d1 < 0 || d2 < 0 || d2 == s.p.teams[t1].home || d1 == s.p.teams[t2].home {
		return false
	}
	if s.gainOf(d1, r, z2-z1).plus(s.gainOf(d2, r, z1-z2)).cmp(planValue{}) <= 0 {
		return false
	}
	s.set(r, t1, -1)
	s.set(r, t2, d1)
	s.set(r, t1, d2)
	return true
}

// swapRounds exchanges team t's districts of rounds r1 and r2 if that
// improves the plan (it can when units become eligible between them).
func (s *solver) swapRounds(t, r1, r2 int) bool {
	d1, d2 := s.visit[r1][t], s.visit[r2][t]
	if d1 == d2 || d1 < 0 || d2 < 0 || s.teamsIn[d2][r1] >= s.p.maxTeams || s.teamsIn[d1][r2] >= s.p.maxTeams {
		return false
	}
	z := s.p.teams[t].size
	before := s.val[d1].plus(s.val[d2])
	s.slots[d1][r1] -= z
	s.slots[d1][r2] += z
	s.slots[d2][r2] -= z
	s.slots[d2][r1] += z
	after := s.evalDistrict(d1, s.slots[d1], nil).plus(s.evalDistrict(d2, s.slots[d2], nil))
	s.slots[d1][r1] += z
	s.slots[d1][r2] -= z
	s.slots[d2][r2] += z
	s.slots[d2][r1] -= z
	if after.cmp(before) <= 0 {
		return false
	}
	s.set(r1, t, -1)
	s.set(r2, t, -1)
	s.set(r1, t, d2)
	s.set(r2, t, d1)
	return true
}

// solution turns the teams' districts into each unit's round and team:
// in each district the chosen units, best first, go to the earliest round
// with a free slot from their first eligible round on (which Hall's
// condition guarantees), and within a round to its teams in turn.
func (s *solver) solution() *tourSolution {
	p := s.p
	sol := &tourSolution{visit: s.visit, round: make([]int, len(p.units)), team: make([]int, len(p.units))}
	for i := range sol.round {
		sol.round[i], sol.team[i] = -1, -1
	}
	for d := range p.districts {
		var chosen []int
		sol.value = sol.value.plus(s.evalDistrict(d, s.slots[d], &chosen))
		left := slices.Clone(s.slots[d])
		for _, i := range chosen {
			for r := p.units[i].first; r < p.rounds; r++ {
				if left[r] > 0 {
					left[r]--
					sol.round[i] = r
					break
				}
			}
		}
		// Chosen units go to the round's teams in team order, each up to
		// its size.
		for r := range p.rounds {
			var teams []int
			for t, dd := range s.visit[r] {
				if dd == d {
					teams = append(teams, t)
				}
			}
			k, filled := 0, 0
			for _, i := range chosen {
				if sol.round[i] != r || len(teams) == 0 {
					continue
				}
				for k < len(teams) && filled == p.teams[teams[k]].size {
					k, filled = k+1, 0
				}
				if k == len(teams) {
					break
				}
				sol.team[i] = teams[k]
				filled++
			}
		}
	}
	return sol
}

// bound returns the optimum of the relaxation in which a team's round is
// divisible among districts: district d may receive up to the slots of the
// maxTeams largest teams not at home there in a round, and a round has
// the slots of all teams. The units it may take form a gammoid; the greedy
// choice (best first, each kept if an augmenting path in the flow network
// units → district-rounds → rounds → sink takes it) is optimal.
func (p *tourProblem) bound() planValue {
	f := newRelaxation(p)
	order := make([]int, 0, len(p.units))
	for i, u := range p.units {
		if u.first < p.rounds && u.district >= 0 && u.district < p.districts {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, p.better)
	var v planValue
	for _, i := range order {
		if f.add(p.units[i].district, p.units[i].first) {
			v = v.plus(p.units[i].worth())
		}
	}
	return v
}

// relaxation is the flow network of bound. Units of one district with the
// same first round are interchangeable, so they are one source node.
type relaxation struct {
	p                 *tourProblem
	R                 int
	capDR             []int   // per district: slots in one round
	capR              int     // slots of a round
	fg                [][]int // [d*R+e][r]: units of group (d, e) in round r
	fdr               [][]int // [d][r]
	fr                []int   // [r]
	full              []bool  // per group: no augmenting path left
	prev              []int   // BFS parents
	queue             []int
	nGroup, nDR, sink int
}

func newRelaxation(p *tourProblem) *relaxation {
	R, D := p.rounds, p.districts
	f := &relaxation{p: p, R: R, capDR: make([]int, D), fg: make([][]int, D*R), fdr: make([][]int, D),
		fr: make([]int, R), full: make([]bool, D*R), nGroup: D * R, nDR: D * R}
	f.sink = f.nGroup + f.nDR + R
	f.prev = make([]int, f.sink+1)
	for _, t := range p.teams {
		f.capR += t.size
	}
	for d := range D {
		var sizes []int
		for _, t := range p.teams {
			if t.home != d {
				sizes = append(sizes, t.size)
			}
		}
		slices.SortFunc(sizes, func(a, b int) int { return b - a })
		for k := 0; k < len(sizes) && k < p.maxTeams; k++ {
			f.capDR[d] += sizes[k]
		}
		f.fdr[d] = make([]int, R)
	}
	for g := range f.fg {
		f.fg[g] = make([]int, R)
	}
	return f
}

// Node numbering: groups, then district-rounds, then rounds, then the sink.
func (f *relaxation) group(d, e int) int { return d*f.R + e }
func (f *relaxation) dr(d, r int) int    { return f.nGroup + d*f.R + r }
func (f *relaxation) round(r int) int    { return f.nGroup + f.nDR + r }

// add routes one more unit of district d eligible from round e, if an
// augmenting path exists.
func (f *relaxation) add(d, e int) bool {
	src := f.group(d, e)
	if f.full[src] {
		return false
	}
	for i := range f.prev {
		f.prev[i] = -1
	}
	f.prev[src] = src
	f.queue = append(f.queue[:0], src)
	visit := func(from, to int) bool {
		if f.prev[to] >= 0 {
			return false
		}
		f.prev[to] = from
		f.queue = append(f.queue, to)
		return to == f.sink
	}
	for len(f.queue) > 0 {
		n := f.queue[0]
		f.queue = f.queue[1:]
		switch {
		case n < f.nGroup: // group (gd, ge) → its district's rounds ≥ ge
			gd, ge := n/f.R, n%f.R
			for r := ge; r < f.R; r++ {
				visit(n, f.dr(gd, r))
			}
		case n < f.nGroup+f.nDR: // district-round → its round, or back to a group
			d, r := (n-f.nGroup)/f.R, (n-f.nGroup)%f.R
			if f.fdr[d][r] < f.capDR[d] {
				visit(n, f.round(r))
			}
			for e := 0; e <= r; e++ {
				if f.fg[f.group(d, e)][r] > 0 {
					visit(n, f.group(d, e))
				}
			}
		default: // round → sink, or back to a district-round
			r := n - f.nGroup - f.nDR
			if f.fr[r] < f.capR && visit(n, f.sink) {
				f.augment()
				return true
			}
			for d := range f.fdr {
				if f.fdr[d][r] > 0 {
					visit(n, f.dr(d, r))
				}
			}
		}
	}
	f.full[src] = true
	return false
}

// augment pushes one unit along the BFS path to the sink.
func (f *relaxation) augment() {
	for n := f.sink; n != f.prev[n]; n = f.prev[n] {
		from := f.prev[n]
		switch {
		case n == f.sink:
			f.fr[from-f.nGroup-f.nDR]++
		case from < f.nGroup: // group → district-round: forward
			f.fg[from][(n-f.nGroup)%f.R]++
		case from < f.nGroup+f.nDR && n < f.nGroup: // district-round → group: backward
			f.fg[n][(from-f.nGroup)%f.R]--
		case from < f.nGroup+f.nDR: // district-round → round: forward
			d, r := (from-f.nGroup)/f.R, (from-f.nGroup)%f.R
			f.fdr[d][r]++
		default: // round → district-round: backward
			d, r := (n-f.nGroup)/f.R, (n-f.nGroup)%f.R
			f.fdr[d][r]--
		}
	}
}
