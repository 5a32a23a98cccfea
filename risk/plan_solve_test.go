package risk

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// randomProblem draws a small problem: units with values, classes and
// first rounds spread over the districts; teams with sizes and homes.
func randomProblem(r *rand.Rand, rounds, districts, teams, units int) *tourProblem {
	p := &tourProblem{rounds: rounds, districts: districts, maxTeams: 1 + r.IntN(2)}
	for t := range teams {
		home := r.IntN(districts+1) - 1
		_ = t
		p.teams = append(p.teams, solveTeam{size: 1 + r.IntN(3), home: home})
	}
	for range units {
		u := solveUnit{district: r.IntN(districts), first: r.IntN(rounds + 1), value: float64(r.IntN(10)) / 4}
		switch x := r.IntN(10); {
		case x == 0:
			u.class = 2
		case x == 1:
			u.class = 1
		}
		p.units = append(p.units, u)
	}
	return p
}

// bruteDistrict is the best choice of a district's units for the slots,
// by trying every round (or none) for every unit.
func bruteDistrict(p *tourProblem, d int, slots []int) planValue {
	var idx []int
	for i, u := range p.units {
		if u.district == d && u.first < p.rounds {
			idx = append(idx, i)
		}
	}
	best := planValue{}
	choice := make([]int, len(idx)) // -1 none, else round
	var rec func(k int, left []int, v planValue)
	rec = func(k int, left []int, v planValue) {
		if k == len(idx) {
			if v.cmp(best) > 0 {
				best = v
			}
			return
		}
		choice[k] = -1
		rec(k+1, left, v)
		u := p.units[idx[k]]
		for r := u.first; r < p.rounds; r++ {
			if left[r] > 0 {
				left[r]--
				rec(k+1, left, v.plus(u.worth()))
				left[r]++
			}
		}
	}
	rec(0, append([]int(nil), slots...), planValue{})
	return best
}

func TestEvalDistrictExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		p := randomProblem(r, 1+r.IntN(3), 1, 1, 1+r.IntN(7))
		s := newSolver(p)
		slots := make([]int, p.rounds)
		for k := range slots {
			slots[k] = r.IntN(3)
		}
		got, want := s.evalDistrict(0, slots, nil), bruteDistrict(p, 0, slots)
		if got.cmp(want) != 0 {
			t.Fatalf("trial %d: greedy %+v, brute force %+v (slots %v, units %+v)", trial, got, want, slots, p.units)
		}
	}
}

// bruteTours is the optimum over every assignment of teams to districts
// (or idle) in every round.
func bruteTours(p *tourProblem) planValue {
	n := len(p.teams) * p.rounds
	assign := make([]int, n)
	best := planValue{}
	var rec func(k int)
	rec = func(k int) {
		if k == n {
			slots := make([][]int, p.districts)
			count := make([][]int, p.districts)
			for d := range slots {
				slots[d], count[d] = make([]int, p.rounds), make([]int, p.rounds)
			}
			for i, d := range assign {
				r, tm := i/len(p.teams), i%len(p.teams)
				if d < 0 {
					continue
				}
				if d == p.teams[tm].home {
					return
				}
				slots[d][r] += p.teams[tm].size
				if count[d][r]++; count[d][r] > p.maxTeams {
					return
				}
			}
			var v planValue
			for d := range p.districts {
				v = v.plus(bruteDistrict(p, d, slots[d]))
			}
			if v.cmp(best) > 0 {
				best = v
			}
			return
		}
		for d := -1; d < p.districts; d++ {
			assign[k] = d
			rec(k + 1)
		}
	}
	rec(0)
	return best
}

// TestSolveToursAgainstBruteForce: on small problems the plan is feasible,
// never better than the optimum found by trying every assignment, and the
// bound is never below that optimum; the solver's gap is reported.
func TestSolveToursAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	optimal, trials := 0, 120
	for trial := range trials {
		p := randomProblem(r, 1+r.IntN(2), 2+r.IntN(2), 1+r.IntN(2), 3+r.IntN(4))
		sol := solveTours(p)
		checkSolution(t, p, sol)
		opt := bruteTours(p)
		if sol.value.cmp(opt) > 0 {
			t.Fatalf("trial %d: plan %+v better than the optimum %+v", trial, sol.value, opt)
		}
		if sol.bound.cmp(opt) < 0 {
			t.Fatalf("trial %d: bound %+v below the optimum %+v", trial, sol.bound, opt)
		}
		if sol.value.cmp(opt) == 0 {
			optimal++
		}
	}
	t.Logf("local search optimal in %d of %d small problems", optimal, trials)
	if optimal < trials*8/10 {
		t.Errorf("local search optimal in only %d of %d small problems", optimal, trials)
	}
}

// checkSolution asserts the plan's constraints: one district per team and
// round, never its home, at most maxTeams teams in a district, every unit
// once at most, in its district, from its first round, within its team's
// size; and its value as stated.
func checkSolution(t testing.TB, p *tourProblem, sol *tourSolution) {
	t.Helper()
	load := map[[2]int]int{}
	for r := range p.rounds {
		teamsIn := map[int]int{}
		for tm, d := range sol.visit[r] {
			if d < 0 {
				continue
			}
			if d == p.teams[tm].home {
				t.Fatalf("team %d tours its home district %d in round %d", tm, d, r)
			}
			if teamsIn[d]++; teamsIn[d] > p.maxTeams {
				t.Fatalf("more than %d teams in district %d in round %d", p.maxTeams, d, r)
			}
		}
	}
	var v planValue
	for i, u := range p.units {
		r, tm := sol.round[i], sol.team[i]
		if r < 0 {
			if tm >= 0 {
				t.Fatalf("unit %d has a team but no round", i)
			}
			continue
		}
		if tm < 0 || sol.visit[r][tm] != u.district {
			t.Fatalf("unit %d (district %d) in round %d with team %d, which tours district %d", i, u.district, r, tm, sol.visit[r][max(tm, 0)])
		}
		if r < u.first {
			t.Fatalf("unit %d toured in round %d before its first eligible round %d", i, r, u.first)
		}
		if load[[2]int{r, tm}]++; load[[2]int{r, tm}] > p.teams[tm].size {
			t.Fatalf("team %d over its size in round %d", tm, r)
		}
		v = v.plus(u.worth())
	}
	if v.cmp(sol.value) != 0 {
		t.Fatalf("units placed are worth %+v, the plan says %+v", v, sol.value)
	}
}

// chengduLike is a problem of the chengdu demo's size: 6,133 units in 22
// districts of 150 to 630 units, 11 teams of 30 in 4 rounds, a tenth of
// the units toured within the year (first eligible later).
func chengduLike() *tourProblem {
	r := rand.New(rand.NewPCG(3, 5))
	sizes := []int{162, 183, 186, 162, 181, 153, 207, 203, 232, 168, 203, 204, 418, 416, 250, 229, 392, 411, 480, 507, 628, 158}
	p := &tourProblem{rounds: 4, districts: len(sizes), maxTeams: 2}
	for tm := range 11 {
		p.teams = append(p.teams, solveTeam{size: 30, home: tm})
	}
	for d, n := range sizes {
		for range n {
			u := solveUnit{district: d, value: r.ExpFloat64()}
			if r.IntN(10) == 0 {
				u.first = 1 + r.IntN(4)
			}
			if r.IntN(10) == 0 {
				u.class = 2
			}
			p.units = append(p.units, u)
		}
	}
	return p
}

func TestSolveToursChengduSize(t *testing.T) {
	p := chengduLike()
	start := time.Now()
	sol := solveTours(p)
	took := time.Since(start)
	checkSolution(t, p, sol)
	gap := (sol.bound.value - sol.value.value) / sol.bound.value // over units of differing classes: a rough figure
	t.Logf("%d units: objective %.2f, bound %.2f, gap %.3f%%, %d moves, %v", len(p.units), sol.value.value, sol.bound.value, 100*gap, sol.moves, took)
	// A tenth of the units must be toured, more than the year holds in
	// some districts: the plan may place a few fewer than the relaxation,
	// whose teams divide.
	if sol.value.must < sol.bound.must-sol.bound.must/200 {
		t.Errorf("placed %d of the units that must be toured, the relaxation %d", sol.value.must, sol.bound.must)
	}
	if gap < 0 || gap > 0.05 {
		t.Errorf("gap %.3f%%", 100*gap)
	}
}

// BenchmarkSolveTours solves a year of the chengdu demo's size (6,133
// units, 22 districts, 11 teams of 30, 4 rounds).
func BenchmarkSolveTours(b *testing.B) {
	p := chengduLike()
	for b.Loop() {
		solveTours(p)
	}
}

func ExampleIsotonic() {
	f := Isotonic([]float64{10, 20, 30, 40, 50}, []float64{1, 3, 2, 4, 8})
	fmt.Println(f.X, f.Y, f.At(35))
	// Output: [10 25 40 50] [1 2.5 4 8] 3.5
}
