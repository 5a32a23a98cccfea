package data

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// firstTwo returns the first two significant digits of a positive decimal
// amount as written ("4,980.00" → 49, "5.43" → 54), or 0 below 10 yuan.
func firstTwo(amount string) int {
	if x, err := strconv.ParseFloat(amount, 64); err != nil || x < 10 {
		return 0
	}
	s := strings.TrimLeft(strings.ReplaceAll(amount, ".", ""), "0")
	return int(s[0]-'0')*10 + int(s[1]-'0')
}

// f2dMAD is Nigrini's mean absolute deviation of the first-two-digit
// proportions (10–99) from Benford's law, log10(1 + 1/d).
func f2dMAD(counts *[100]int) (mad float64, n int) {
	for d := 10; d < 100; d++ {
		n += counts[d]
	}
	for d := 10; d < 100; d++ {
		mad += math.Abs(float64(counts[d])/float64(n) - math.Log10(1+1/float64(d)))
	}
	return mad / 90, n
}

// expectedMAD is the MAD a sample of n Benford-distributed amounts shows by
// chance alone: the mean over the 90 digit pairs of E|p̂−p| ≈
// sqrt(2p(1−p)/(πn)).
func expectedMAD(n int) float64 {
	var s float64
	for d := 10; d < 100; d++ {
		p := math.Log10(1 + 1/float64(d))
		s += math.Sqrt(2 * p * (1 - p) / (math.Pi * float64(n)))
	}
	return s / 90
}

// benfordByUnit counts first-two digits per unit, over payments paid on
// or after from whose amounts are drawn (not fixed by policy: gaoling,
// canji, and the decoys' care-home and policy amounts, which skip).
func benfordByUnit(p *ledger, from string, skip map[string]bool) map[string]*[100]int {
	out := map[string]*[100]int{}
	for _, row := range p.rows {
		if p.get(row, "paid_on") < from || skip[p.get(row, "payment_id")] || programByCode(p.get(row, "program")).fixed() {
			continue
		}
		u := p.get(row, "unit_id")
		if out[u] == nil {
			out[u] = &[100]int{}
		}
		out[u][firstTwo(p.get(row, "amount_yuan"))]++
	}
	return out
}

// TestCleanPaymentsFollowBenford checks that the clean units' payments of
// programmes with drawn amounts, pooled, conform closely to Benford's law
// on the first two digits (MAD under Nigrini's 0.0022 for close
// conformity), that clean units with 300 or more such payments in the
// last twelve months deviate no more than sampling explains, and that
// units planted with round or split amounts stand out. Fixed amounts
// (gaoling, canji, care homes, policy amounts) are left out: they are
// round by law, which is what a scorer must allow for.
func TestCleanPaymentsFollowBenford(t *testing.T) {
	w := smallWorld(t)
	checkBenford(t, w)
}

func checkBenford(t *testing.T, w *world) {
	dirty := map[string]bool{}
	skewed := map[string]bool{}
	for _, pu := range w.truth.Planted {
		for _, p := range pu.Patterns {
			if paymentPatterns[p] {
				dirty[pu.UnitID] = true
			}
			if p == PatternRoundAmounts || p == PatternSplitAmounts {
				skewed[pu.UnitID] = true
			}
		}
	}
	p := paymentsOf(t, w)
	skip := decoyIDs(w.truth, "payments", "")
	var pooled [100]int
	for u, c := range benfordByUnit(p, "", skip) {
		if !dirty[u] {
			for d := range c {
				pooled[d] += c[d]
			}
		}
	}
	mad, n := f2dMAD(&pooled)
	t.Logf("pooled clean payments: n = %d, first-two-digit MAD %.5f (expected by chance %.5f)", n, mad, expectedMAD(n))
	if mad >= 0.0022 {
		t.Errorf("pooled clean MAD %.5f, want < 0.0022", mad)
	}
	var ratios []float64
	under := 0
	for u, c := range benfordByUnit(p, "2016-06-01", skip) {
		m, n := f2dMAD(c)
		if n < 300 {
			continue
		}
		ratio := m / expectedMAD(n)
		switch {
		case skewed[u]:
			t.Logf("planted %s: n = %d, MAD %.4f, %.1f× chance", u, n, m, ratio)
			if ratio < 1.5 {
				t.Errorf("planted %s: MAD %.4f only %.1f× what chance gives", u, m, ratio)
			}
		case !dirty[u]:
			ratios = append(ratios, ratio)
			if m < 0.0022 {
				under++
			}
		}
	}
	if len(ratios) == 0 {
		t.Fatal("no clean unit with 300 payments in the last twelve months")
	}
	sort.Float64s(ratios)
	median := ratios[len(ratios)/2]
	t.Logf("%d clean units with ≥ 300 payments in the last 12 months: MAD/chance median %.2f, max %.2f; %d under 0.0022",
		len(ratios), median, slices.Max(ratios), under)
	if median < 0.8 || median > 1.25 {
		t.Errorf("clean units' MAD is %.2f× what chance gives, want about 1", median)
	}
}

func TestChengduCleanPaymentsFollowBenford(t *testing.T) {
	checkBenford(t, chengduWorld(t))
}
