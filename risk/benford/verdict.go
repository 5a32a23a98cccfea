package benford

import (
	"fmt"
	"math"
	"strings"
)

// Verdict is Nigrini's conformity level of a MAD.
type Verdict int

// The verdicts, from best to worst. Undetermined is the zero value: no cut
// points for the test (LastTwo) or nothing to judge.
const (
	Undetermined Verdict = iota
	Close
	Acceptable
	Marginal
	Nonconformity
)

var verdictNames = [...][2]string{
	Undetermined:  {"undetermined", "无法判定"},
	Close:         {"close conformity", "接近符合"},
	Acceptable:    {"acceptable conformity", "可接受"},
	Marginal:      {"marginally acceptable conformity", "勉强可接受"},
	Nonconformity: {"nonconformity", "不符合"},
}

// String returns the English label, e.g. "marginally acceptable conformity".
func (v Verdict) String() string {
	if v >= 0 && int(v) < len(verdictNames) {
		return verdictNames[v][0]
	}
	return fmt.Sprintf("Verdict(%d)", int(v))
}

// Chinese returns the Chinese label: 接近符合, 可接受, 勉强可接受, 不符合
// (无法判定 when undetermined).
func (v Verdict) Chinese() string {
	if v >= 0 && int(v) < len(verdictNames) {
		return verdictNames[v][1]
	}
	return v.String()
}

// MarshalText writes the English label.
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads an English or Chinese label.
func (v *Verdict) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	for i, n := range verdictNames {
		if strings.EqualFold(s, n[0]) || s == n[1] {
			*v = Verdict(i)
			return nil
		}
	}
	return fmt.Errorf("benford: unknown verdict %q", s)
}

// CutPoints returns Nigrini's (2012, table 7.1) MAD cut points of test t:
// below the first the data conform closely, below the second acceptably,
// below the third marginally, above it they do not conform. ok is false for
// LastTwo, which has none.
//
// benford.analysis uses the same points, except 0.011 for the second digit's
// last (benford_py and Nigrini have 0.012).
func CutPoints(t Test) (points [3]float64, ok bool) {
	switch t {
	case FirstDigit:
		return [3]float64{0.006, 0.012, 0.015}, true
	case SecondDigit:
		return [3]float64{0.008, 0.010, 0.012}, true
	case FirstTwo:
		return [3]float64{0.0012, 0.0018, 0.0022}, true
	case FirstThree:
		return [3]float64{0.00036, 0.00044, 0.00050}, true
	}
	return [3]float64{}, false
}

// Judge returns the verdict on a MAD for test t. A MAD equal to a cut point
// falls in the worse class, as R's findInterval does in benford.analysis.
func Judge(t Test, mad float64) Verdict {
	cuts, ok := CutPoints(t)
	if !ok || mad != mad || mad < 0 {
		return Undetermined
	}
	v := Close
	for _, c := range cuts {
		if mad >= c {
			v++
		}
	}
	return v
}

// ExpectedMAD returns the MAD that data following Benford's law exactly
// would show on average with n values: (1/k) Σ E|X_d − n·p_d| / n over the
// k groups, X_d ~ Binomial(n, p_d), with de Moivre's exact mean absolute
// deviation of the binomial, E|X − np| = 2ν·C(n, ν)·p^ν·(1−p)^(n−ν+1),
// ν = ⌊np⌋ + 1.
//
// Nigrini's cut points assume large n: for the first two digits
// ExpectedMAD is about 0.0046 at n = 300 and 0.0015 at n = 3,000, so a
// small set conforming perfectly is still judged nonconforming. Compare MAD
// with ExpectedMAD (the "excess MAD") where n is small. It returns 0 for
// n ≤ 0 and panics if t is not a test.
func ExpectedMAD(t Test, n int64) float64 {
	groups := t.Groups()
	if n <= 0 {
		return 0
	}
	fn := float64(n)
	var sum float64
	for _, d := range groups {
		sum += binomialMeanAbsDev(fn, t.Expected(d)) / fn
	}
	return sum / float64(len(groups))
}

// binomialMeanAbsDev is E|X − np| for X ~ Binomial(n, p), 0 < p < 1.
func binomialMeanAbsDev(n, p float64) float64 {
	nu := math.Floor(n*p) + 1
	if nu > n {
		return 0
	}
	lc, _ := math.Lgamma(n + 1)
	l1, _ := math.Lgamma(nu + 1)
	l2, _ := math.Lgamma(n - nu + 1)
	return 2 * nu * math.Exp(lc-l1-l2+nu*math.Log(p)+(n-nu+1)*math.Log1p(-p))
}
