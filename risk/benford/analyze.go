package benford

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Config holds the choices of an analysis. The zero value reads Decimal
// digits, abstains below DefaultMinN and keeps no duplicates.
type Config struct {
	// Method is how digits are read; Decimal unless the peer's exact
	// arithmetic is wanted.
	Method Method
	// MinN overrides DefaultMinN for every test when positive.
	MinN int64
	// Duplicates is how many of the most frequent amounts Analyze keeps.
	Duplicates int
}

// DefaultConfig returns the defaults: Decimal digits, DefaultMinN, the 50
// most duplicated amounts (as many as the peer table kept for reference).
func DefaultConfig() Config { return Config{Method: Decimal, Duplicates: 50} }

// Validate reports the first bad field.
func (c Config) Validate() error {
	if c.Method != Decimal && c.Method != Truncate {
		return fmt.Errorf("benford: Method: unknown method %d", int(c.Method))
	}
	if c.MinN < 0 {
		return fmt.Errorf("benford: MinN: %d is negative", c.MinN)
	}
	if c.Duplicates < 0 {
		return fmt.Errorf("benford: Duplicates: %d is negative", c.Duplicates)
	}
	return nil
}

func (c Config) minN(t Test) int64 {
	if c.MinN > 0 {
		return c.MinN
	}
	return DefaultMinN(t)
}

// Result is one Benford test of one set of amounts.
type Result struct {
	Test   Test
	Method Method
	// N is the number of values analysed, Skipped the number the test left
	// out (≤ 0, NaN, ±Inf; for LastTwo below 10 or from 10^15; from FromCounts, counts
	// under keys that are not groups of the test).
	N, Skipped int64
	// MAD is the mean absolute deviation of the observed shares from
	// Benford's, Verdict Nigrini's judgement of it.
	MAD     float64
	Verdict Verdict
	// ExpectedMAD is the MAD exactly Benford data would show on average at
	// this N (see ExpectedMAD); far below Nigrini's cut points only for
	// large N.
	ExpectedMAD float64
	// ChiSquare is Pearson's χ² with DF = groups − 1 degrees of freedom and
	// upper-tail probability ChiP.
	ChiSquare, DF, ChiP float64
	// KS is the Kolmogorov–Smirnov D over the groups, KSCritical 1.36/√N
	// (5% level).
	KS, KSCritical float64
	// Groups has one row per digit group, in digit order.
	Groups []Group
	// Duplicates are the most frequent amounts among the values analysed,
	// most frequent first (only amounts seen twice or more; empty from
	// FromCounts).
	Duplicates []Duplicate `json:",omitempty"`
	// Mantissa holds the log-mantissa statistics (nil from FromCounts or
	// when N is 0).
	Mantissa *Mantissa `json:",omitempty"`
	// Abstain is non-empty when the result should not be used, saying why
	// (too few values).
	Abstain string `json:",omitempty"`
}

// Group is one digit group's row, as benford.analysis' bfd table.
type Group struct {
	Digits        int     // the group, e.g. 50 for FirstTwo
	Count         int64   // values in the group (data.dist.freq)
	Observed      float64 // Count/N (data.dist)
	Expected      float64 // Benford's share (benford.dist)
	ExpectedCount float64 // N·Expected (benford.dist.freq)
	Excess        float64 // Count − ExpectedCount (difference); its absolute value is absolute.diff
	ChiSquare     float64 // this group's term of χ² (squared.diff)
	Z             float64 // (|Observed − Expected| − 1/(2N)) / √(Expected(1−Expected)/N) (z.statistic)
	Sum           float64 // sum of the amounts in the group (data.summation; 0 from FromCounts)
	SumExcess     float64 // |Sum − mean group sum| (abs.excess.summation)
}

// Duplicate is an amount and how many times it occurs.
type Duplicate struct {
	Value float64
	Count int64
}

// Analyze runs test t on the amounts with the default configuration.
func Analyze(t Test, values []float64) Result { return DefaultConfig().Analyze(t, values) }

// FromCounts runs test t on per-group counts with the default configuration.
func FromCounts(t Test, counts map[int]int64) Result {
	return DefaultConfig().FromCounts(t, counts)
}

// Analyze runs test t on the amounts: digit groups, MAD, χ², KS, z,
// summation, duplicates and mantissa statistics. Values the test skips are
// counted in Result.Skipped. It panics if t is not a test.
func (c Config) Analyze(t Test, values []float64) Result {
	lo, hi := t.span()
	counts := make([]int64, hi-lo)
	sums := make([]float64, hi-lo)
	comp := make([]float64, hi-lo) // Neumaier compensation of sums
	var skipped int64
	var m mantissaAcc
	dups := newDupCounter(c.Duplicates)
	for _, x := range values {
		g, ok := digits(t, c.Method, x)
		if !ok {
			skipped++
			continue
		}
		i := g - lo
		counts[i]++
		sums[i], comp[i] = neumaier(sums[i], comp[i], x)
		m.add(x)
		dups.add(x)
	}
	for i := range sums {
		sums[i] += comp[i]
	}
	r := c.result(t, counts, sums)
	r.Skipped = skipped
	r.Duplicates = dups.top()
	r.Mantissa = m.result()
	return r
}

// FromCounts runs test t on counts per digit group (as SQLDigits groups
// them in DuckDB). Fields that need the amounts themselves (Sum,
// SumExcess, Duplicates, Mantissa) stay empty. Counts under keys that are
// not groups of t are added to Result.Skipped. It panics if t is not a test
// or a count is negative.
func (c Config) FromCounts(t Test, counts map[int]int64) Result {
	lo, hi := t.span()
	cs := make([]int64, hi-lo)
	var skipped int64
	for d, n := range counts {
		if n < 0 {
			panic(fmt.Sprintf("benford: negative count %d for group %d", n, d))
		}
		if d < lo || d >= hi {
			skipped += n
			continue
		}
		cs[d-lo] = n
	}
	r := c.result(t, cs, nil)
	r.Skipped = skipped
	return r
}

// result computes everything that needs only the counts (and the sums when
// given).
func (c Config) result(t Test, counts []int64, sums []float64) Result {
	lo, _ := t.span()
	var n int64
	for _, k := range counts {
		n += k
	}
	r := Result{Test: t, Method: c.Method, N: n, DF: float64(len(counts) - 1), Groups: make([]Group, len(counts))}
	fn := float64(n)
	var meanSum float64
	for _, s := range sums {
		meanSum += s
	}
	if len(sums) > 0 {
		meanSum /= float64(len(sums))
	}
	var cumObs, cumExp float64
	for i, k := range counts {
		d := lo + i
		p := t.Expected(d)
		g := Group{Digits: d, Count: k, Expected: p, ExpectedCount: fn * p}
		if n > 0 {
			g.Observed = float64(k) / fn
			g.Excess = float64(k) - g.ExpectedCount
			g.ChiSquare = g.Excess * g.Excess / g.ExpectedCount
			g.Z = (math.Abs(g.Observed-p) - 1/(2*fn)) / math.Sqrt(p*(1-p)/fn)
		}
		if sums != nil {
			g.Sum = sums[i]
			g.SumExcess = math.Abs(sums[i] - meanSum)
		}
		r.MAD += math.Abs(g.Observed - p)
		r.ChiSquare += g.ChiSquare
		cumObs += g.Observed
		cumExp += p
		r.KS = math.Max(r.KS, math.Abs(cumObs-cumExp))
		r.Groups[i] = g
	}
	r.MAD /= float64(len(counts))
	if n == 0 {
		r.MAD, r.KS, r.ChiP = 0, 0, 1
		r.Abstain = fmt.Sprintf("no values for the %s test (it takes positive amounts%s)", t, lastTwoNote(t))
		return r
	}
	r.Verdict = Judge(t, r.MAD)
	r.ExpectedMAD = ExpectedMAD(t, n)
	r.ChiP = distuv.ChiSquared{K: r.DF}.Survival(r.ChiSquare)
	r.KSCritical = 1.36 / math.Sqrt(fn)
	if min := c.minN(t); n < min {
		r.Abstain = fmt.Sprintf("only %d values for the %s test; at least %d are needed", n, t, min)
	}
	return r
}

func lastTwoNote(t Test) string {
	if t == LastTwo {
		return " from 10 to 10^15"
	}
	return ""
}

// Largest returns up to k groups with the largest absolute excess count,
// largest first (benford.analysis' suspectsTable by absolute.diff).
func (r Result) Largest(k int) []Group {
	return topGroups(r.Groups, k, func(g Group) float64 { return math.Abs(g.Excess) })
}

// LargestSums returns up to k groups with the largest SumExcess, largest
// first (suspectsTable by abs.excess.summation).
func (r Result) LargestSums(k int) []Group {
	return topGroups(r.Groups, k, func(g Group) float64 { return g.SumExcess })
}

// Suspects returns how many values fall in the k groups Largest returns
// (benford.analysis' getSuspects with how.many = k).
func (r Result) Suspects(k int) int64 {
	var n int64
	for _, g := range r.Largest(k) {
		n += g.Count
	}
	return n
}

func topGroups(gs []Group, k int, key func(Group) float64) []Group {
	out := slices.Clone(gs)
	slices.SortStableFunc(out, func(a, b Group) int { return cmp.Compare(key(b), key(a)) })
	return out[:min(max(k, 0), len(out))]
}

// neumaier adds x to the compensated sum (s, c).
func neumaier(s, c, x float64) (float64, float64) {
	t := s + x
	if math.Abs(s) >= math.Abs(x) {
		c += (s - t) + x
	} else {
		c += (x - t) + s
	}
	return t, c
}

// dupCounter counts every amount and keeps the most frequent; ties keep the
// order of first appearance, as the peer's stable sort does.
type dupCounter struct {
	keep  int
	seen  map[float64]int // index into order
	order []Duplicate
}

func newDupCounter(keep int) *dupCounter {
	if keep <= 0 {
		return &dupCounter{}
	}
	return &dupCounter{keep: keep, seen: make(map[float64]int)}
}

func (d *dupCounter) add(x float64) {
	if d.seen == nil {
		return
	}
	if i, ok := d.seen[x]; ok {
		d.order[i].Count++
		return
	}
	d.seen[x] = len(d.order)
	d.order = append(d.order, Duplicate{Value: x, Count: 1})
}

func (d *dupCounter) top() []Duplicate {
	if d.seen == nil {
		return nil
	}
	out := slices.DeleteFunc(d.order, func(x Duplicate) bool { return x.Count < 2 })
	slices.SortStableFunc(out, func(a, b Duplicate) int { return cmp.Compare(b.Count, a.Count) })
	if len(out) > d.keep {
		out = out[:d.keep]
	}
	return slices.Clip(out)
}
