package risk

import (
	"cmp"
	"slices"
	"time"
)

// The rolling schedule of full coverage (全覆盖).
//
// Every unit is due coverage_years after its last tour on record, or,
// with none, after the first tour on record (it may have been toured just
// before the records start; with no tour records at all, a full cycle
// from the as-of date). Year k of the schedule is the k-th year after the
// as-of date; a unit due on or before the as-of date is overdue. Year 1 is
// the plan's year, solved in detail (plan_solve.go); years 2 to
// coverage_years are filled here, year by year, in whole team visits: a
// year has teams × rounds_per_year visits of the teams' mean size, and a
// visit takes units of one district.
//
// Each year takes first the units due by then, then the units of highest
// expected findings while visits remain (a district's last visit of the
// year takes more units while it has room), so that the riskiest units are
// toured first and none later than it is due. When more units fall due in
// a year than its visits can take, the excess is moved to the year before
// (backwards from the last year), and what year 1 must take for the later
// years to be feasible is marked due in year 1 (pullForward).

// yearUnit is a unit not in the year plan, as the schedule sees it.
type yearUnit struct {
	district int
	due      int // the year it is due in (1 = the plan's year)
	first    int // the first year it may be toured in
	value    float64
}

// yearOf returns the year of the schedule a date falls in: 0 on or before
// asOf, k when it lies in (asOf + k−1 years, asOf + k years].
func yearOf(asOf, d time.Time) int {
	if !d.After(asOf) {
		return 0
	}
	k := 1
	for d.After(asOf.AddDate(k, 0, 0)) {
		k++
	}
	return k
}

// blocks counts the team visits needed for n[d] units in each district.
func blocks(n map[int]int, block int) int {
	v := 0
	for _, c := range n {
		v += (c + block - 1) / block
	}
	return v
}

// pullForward returns the units (indices into us) that year 1 must take
// so that years 2 to years can hold the rest by their due years: for each
// year k, the units due by k beyond what years 2..k can hold, the ones
// with the highest expected findings first, at most limit in all. A unit
// with first > 1 counts among the units due but cannot be pulled;
// capacity is a later year's units.
func pullForward(us []yearUnit, years, capacity, limit int) []int {
	order := make([]int, len(us))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(us[b].value, us[a].value) })
	pulled := map[int]bool{}
	var out []int
	for k := 2; k <= years; k++ {
		dueBy, taken := 0, 0
		for i, u := range us {
			if u.due <= k {
				dueBy++
				if pulled[i] {
					taken++
				}
			}
		}
		need := dueBy - taken - capacity*(k-1)
		for _, i := range order {
			if need <= 0 || len(out) == limit {
				break
			}
			if us[i].due <= k && us[i].first <= 1 && !pulled[i] {
				pulled[i] = true
				out = append(out, i)
				need--
			}
		}
	}
	return out
}

// scheduleYears gives each unit a year from 2 to years (0 when it fits
// nowhere): visits team visits a year of block units each. It returns the
// years and the number of units scheduled after their due year.
func scheduleYears(us []yearUnit, years, visits, block int) (year []int, late int) {
	year = make([]int, len(us))
	due := make([]int, len(us))
	for i, u := range us {
		due[i] = max(2, u.due)
	}
	// Backwards: a year's due units beyond its visits move to the year
	// before, from the district whose last visit is emptiest.
	for y := years; y > 2; y-- {
		for {
			per := map[int][]int{}
			for i := range us {
				if due[i] == y && us[i].first <= y-1 {
					per[us[i].district] = append(per[us[i].district], i)
				}
			}
			n := map[int]int{}
			for i := range us {
				if due[i] == y {
					n[us[i].district]++
				}
			}
			if blocks(n, block) <= visits || len(per) == 0 {
				break
			}
			d := emptiestDistrict(n, per, block)
			move := per[d]
			slices.SortStableFunc(move, func(a, b int) int { return cmp.Compare(us[b].value, us[a].value) })
			k := n[d] % block
			if k == 0 {
				k = block
			}
			for _, i := range move[:min(k, len(move))] {
				due[i] = y - 1
			}
		}
	}
	byValue := make([]int, len(us))
	for i := range byValue {
		byValue[i] = i
	}
	slices.SortStableFunc(byValue, func(a, b int) int { return cmp.Compare(us[b].value, us[a].value) })
	byDue := slices.Clone(byValue)
	slices.SortStableFunc(byDue, func(a, b int) int { return cmp.Compare(due[a], due[b]) })
	for y := 2; y <= years; y++ {
		n := map[int]int{}
		used := 0
		take := func(i int) {
			d := us[i].district
			if n[d]%block == 0 {
				used++
			}
			n[d]++
			year[i] = y
		}
		fits := func(i int) bool { return n[us[i].district]%block != 0 || used < visits }
		// The units due by y first (the earliest due first), then the
		// others, riskiest first, while visits remain.
		for pass, order := range [][]int{byDue, byValue} {
			mandatory := pass == 0
			for _, i := range order {
				if year[i] == 0 && us[i].first <= y && (due[i] <= y) == mandatory && fits(i) {
					take(i)
				}
			}
		}
	}
	for i := range us {
		if year[i] == 0 || year[i] > max(2, us[i].due) {
			late++
		}
	}
	return year, late
}

// emptiestDistrict is the district (among those with units that may move)
// whose last visit holds the fewest units: moving them saves a visit.
func emptiestDistrict(n map[int]int, movable map[int][]int, block int) int {
	best, bestK := -1, 0
	for d := range movable {
		k := n[d] % block
		if k == 0 {
			k = block
		}
		if best < 0 || k < bestK || (k == bestK && d < best) {
			best, bestK = d, k
		}
	}
	return best
}
