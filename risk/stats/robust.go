package stats

import (
	"math"
	"sort"
)

// Scale factors that make a deviation consistent for the standard deviation
// of a normal distribution.
const (
	// MADScale is 1/Φ⁻¹(3/4) ≈ 1.4826: σ ≈ MADScale·median|x − median(x)|
	// (R's mad() constant).
	MADScale = 1.4826
	// MeanADScale is √(π/2) ≈ 1.2533: σ ≈ MeanADScale·mean|x − μ|.
	MeanADScale = 1.2533
)

// Quantile7 returns the p-quantile of x by R's default method (type 7,
// Hyndman & Fan 1996): with x sorted ascending and h = (n − 1)p,
//
//	Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
//
// x need not be sorted and is not modified. The quantile of no values is 0.
// It panics if p is outside [0, 1].
func Quantile7(p float64, x []float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic("stats: quantile probability outside [0, 1]")
	}
	if len(x) == 0 {
		return 0
	}
	return quantile7Sorted(p, sortedCopy(x))
}

func quantile7Sorted(p float64, s []float64) float64 {
	n := len(s)
	if n == 0 {
		return 0
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return s[n-1]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

func sortedCopy(x []float64) []float64 {
	s := make([]float64, len(x))
	copy(s, x)
	sort.Float64s(s)
	return s
}

// Median returns the median of x (the mean of the two middle values when
// len(x) is even; R's median, equal to Quantile7(0.5, x)). x is not
// modified. The median of no values is 0.
func Median(x []float64) float64 {
	return Quantile7(0.5, x)
}

// MedianInPlace returns the median of x as Median does, reordering x
// instead of sorting a copy: expected O(n) by quickselect, for the
// medians of many values (a Theil–Sen slope's million pairwise slopes).
// x must hold no NaN.
func MedianInPlace(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return 0
	}
	k := (n - 1) / 2
	lo := selectKth(x, k)
	if n%2 == 1 {
		return lo
	}
	// the next order statistic is the least of what lies above k
	hi := x[k+1]
	for _, v := range x[k+2:] {
		hi = math.Min(hi, v)
	}
	return lo + 0.5*(hi-lo)
}

// selectKth reorders x so that x[k] is its k-th smallest value (0-based),
// every value before it no larger and every value after it no smaller,
// and returns x[k] (Hoare's quickselect with a median-of-three pivot).
func selectKth(x []float64, k int) float64 {
	lo, hi := 0, len(x)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		// order x[lo], x[mid], x[hi]; the median of the three is the pivot
		if x[mid] < x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] < x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[hi] < x[mid] {
			x[hi], x[mid] = x[mid], x[hi]
		}
		pivot := x[mid]
		i, j := lo, hi
		for i <= j {
			for x[i] < pivot {
				i++
			}
			for x[j] > pivot {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return x[k]
		}
	}
	return x[k]
}

// Winsorize returns a copy of x with values below the p-quantile set to it
// and values above the (1 − p)-quantile set to that, both quantiles by R's
// type 7 as in FunnelPlotR's winsorisation (Spiegelhalter 2005 uses
// p = 0.1). It panics if p is outside [0, 0.5].
func Winsorize(x []float64, p float64) []float64 {
	if !(p >= 0 && p <= 0.5) {
		panic("stats: winsorising proportion outside [0, 0.5]")
	}
	out := make([]float64, len(x))
	if len(x) == 0 {
		return out
	}
	s := sortedCopy(x)
	lo, hi := quantile7Sorted(p, s), quantile7Sorted(1-p, s)
	for i, v := range x {
		out[i] = math.Min(math.Max(v, lo), hi)
	}
	return out
}

// RobustZ returns robust z-scores (xᵢ − median)/scale, where scale is the
// scaled median absolute deviation MADScale·median|x − median| (Rousseeuw &
// Croux 1993; R's mad()). When the MAD is 0 (more than half the values
// equal) the scale falls back to MeanADScale·mean|x − median|; when that is
// 0 too (all values equal) every z is 0. No values give an empty slice.
func RobustZ(x []float64) []float64 {
	out := make([]float64, len(x))
	if len(x) == 0 {
		return out
	}
	med := Median(x)
	dev := make([]float64, len(x))
	var sum float64
	for i, v := range x {
		dev[i] = math.Abs(v - med)
		sum += dev[i]
	}
	scale := MADScale * Median(dev)
	if scale == 0 {
		scale = MeanADScale * sum / float64(len(x))
	}
	if scale == 0 {
		return out
	}
	for i, v := range x {
		out[i] = (v - med) / scale
	}
	return out
}
