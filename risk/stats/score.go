package stats

import (
	"math"
	"sort"
)

// PercentRank returns each value's percent rank (rank − 1)/(n − 1), ties
// taking their lowest rank — the definition of SQL's PERCENT_RANK (as in
// DuckDB) and dplyr's percent_rank — so values lie in [0, 1], the smallest
// value gets 0, the largest (if unique) 1, and all tied values the same.
// A single value gets 0; no values give an empty slice.
func PercentRank(x []float64) []float64 {
	out := make([]float64, len(x))
	if len(x) < 2 {
		return out
	}
	idx := sortedIndex(x)
	den := float64(len(x) - 1)
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			out[idx[k]] = float64(i) / den
		}
		i = j + 1
	}
	return out
}

func sortedIndex(x []float64) []int {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	return idx
}

// Standardize returns z-scores (xᵢ − x̄)/s with the sample standard
// deviation s (n − 1 denominator, as R's scale()). With fewer than two
// values or s = 0 every z is 0.
func Standardize(x []float64) []float64 {
	out := make([]float64, len(x))
	if len(x) < 2 {
		return out
	}
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / float64(len(x)-1))
	if sd == 0 {
		return out
	}
	for i, v := range x {
		out[i] = (v - mean) / sd
	}
	return out
}

// AUC returns the area under the ROC curve of scores for the labels
// positive (higher score = more likely positive), by the Mann–Whitney
// statistic with ties counted ½ (Hanley & McNeil 1982; the value of R's
// pROC::auc and of wilcox.test's W/(n₊n₋)):
//
//	AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊·n₋),
//
// where R₊ is the sum of the positives' mid-ranks. With no positives or no
// negatives the AUC is undefined and 0.5 (no discrimination) is returned.
// It panics if the slices differ in length.
func AUC(scores []float64, positive []bool) float64 {
	if len(scores) != len(positive) {
		panic(errLength)
	}
	rk := averageRanks(scores)
	var nPos, nNeg, rPos float64
	for i, p := range positive {
		if p {
			nPos++
			rPos += rk[i]
		} else {
			nNeg++
		}
	}
	if nPos == 0 || nNeg == 0 {
		return 0.5
	}
	return (rPos - nPos*(nPos+1)/2) / (nPos * nNeg)
}

// PrecisionAtK returns the share of positives among the k highest scores.
// Units tied with the k-th score are counted by their expected share under
// a random order: if t units tie for the last m places and p of them are
// positive, they contribute m·p/t. k larger than len(scores) is taken as
// len(scores); k ≤ 0 or no scores give 0. It panics if the slices differ in
// length.
func PrecisionAtK(scores []float64, positive []bool, k int) float64 {
	if len(scores) != len(positive) {
		panic(errLength)
	}
	if k > len(scores) {
		k = len(scores)
	}
	if k <= 0 {
		return 0
	}
	idx := sortedIndex(scores)
	// walk from the top (end of ascending order)
	var hits float64
	taken := 0
	for i := len(idx) - 1; i >= 0 && taken < k; {
		j := i
		for j-1 >= 0 && scores[idx[j-1]] == scores[idx[i]] {
			j--
		}
		t := i - j + 1
		var p int
		for q := j; q <= i; q++ {
			if positive[idx[q]] {
				p++
			}
		}
		m := min(t, k-taken)
		hits += float64(m) * float64(p) / float64(t)
		taken += m
		i = j - 1
	}
	return hits / float64(k)
}
