package benford

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// pointThree is 0.1 + 0.2 computed in float64 (0.30000000000000004); the
// constant expression 0.1 + 0.2 would be exactly 0.3.
var pointOne, pointTwo = 0.1, 0.2
var pointThree = pointOne + pointTwo

func TestDigits(t *testing.T) {
	for _, c := range []struct {
		test   Test
		method Method
		x      float64
		want   int
		ok     bool
	}{
		{FirstTwo, Decimal, 1153.35, 11, true},
		{FirstTwo, Decimal, 50, 50, true},
		{FirstTwo, Decimal, 5, 50, true}, // 5 = 5.0e0
		{FirstTwo, Decimal, 0.29, 29, true},
		{FirstTwo, Truncate, 0.29, 28, true}, // benford.analysis: 100·0.29 = 28.999999999999996
		{FirstTwo, Decimal, pointThree, 30, true},
		{FirstTwo, Decimal, 1.5e-7, 15, true},
		{FirstTwo, Decimal, 1000, 10, true},
		{FirstTwo, Truncate, 1000, 10, true}, // math.Log10(1000) < 3: the exponent must be exact
		{FirstTwo, Decimal, 999.9999999999999, 99, true},
		{FirstTwo, Decimal, 1e300, 10, true},
		{FirstTwo, Decimal, math.MaxFloat64, 17, true},
		{FirstTwo, Decimal, 5e-324, 50, true}, // the smallest subnormal prints as 5e-324
		{FirstTwo, Truncate, 5e-324, 0, false},
		{FirstTwo, Decimal, 0, 0, false},
		{FirstTwo, Decimal, -50, 0, false},
		{FirstTwo, Decimal, math.NaN(), 0, false},
		{FirstTwo, Decimal, math.Inf(1), 0, false},
		{FirstTwo, Decimal, math.Inf(-1), 0, false},
		{FirstDigit, Decimal, 0.00731, 7, true},
		{FirstDigit, Decimal, 9.99, 9, true},
		{SecondDigit, Decimal, 123, 2, true},
		{SecondDigit, Decimal, 7, 0, true},
		{SecondDigit, Decimal, 0.29, 9, true},
		{SecondDigit, Truncate, 0.29, 8, true},
		{FirstThree, Decimal, 4.02, 402, true},
		{FirstThree, Truncate, 4.02, 401, true},
		{FirstThree, Decimal, 12, 120, true},
		{LastTwo, Decimal, 1234.99, 34, true},
		{LastTwo, Decimal, 100, 0, true},
		{LastTwo, Decimal, 10, 10, true},
		{LastTwo, Decimal, 9.99, 0, false},
		{LastTwo, Decimal, 999999999999999, 99, true},
		{LastTwo, Decimal, 1e15, 0, false},
	} {
		got, ok := Config{Method: c.method}.Digits(c.test, c.x)
		if got != c.want || ok != c.ok {
			t.Errorf("%v %v Digits(%v) = %d, %v; want %d, %v", c.method, c.test, c.x, got, ok, c.want, c.ok)
		}
	}
}

func TestDigitsPanicsOnUnknownTest(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for Test(0)")
		}
	}()
	Digits(Test(0), -1)
}

func TestExpected(t *testing.T) {
	for _, tt := range Tests {
		var sum float64
		for _, d := range tt.Groups() {
			sum += tt.Expected(d)
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%v: shares sum to %v", tt, sum)
		}
	}
	for _, c := range []struct {
		test Test
		d    int
		want float64
	}{
		{FirstDigit, 1, 0.3010299956639812},    // log10 2
		{FirstTwo, 11, 0.0377885608893998},     // benford.analysis: p.these.digits(11) 0.03778856
		{SecondDigit, 0, 0.11967926859688073},  // Nigrini (2012) table 5.1: 0.11968
		{SecondDigit, 9, 0.08499735205769224},  // 0.08500
		{FirstThree, 100, 0.00432137378264258}, // peer table d3, benford.dist of 100
		{LastTwo, 42, 0.01},
		{FirstTwo, 9, 0}, // not a group
	} {
		if got := c.test.Expected(c.d); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%v Expected(%d) = %v, want %v", c.test, c.d, got, c.want)
		}
	}
	for tt, w := range map[Test]int{FirstDigit: 1, SecondDigit: 1, FirstTwo: 2, FirstThree: 3, LastTwo: 2} {
		if tt.Width() != w {
			t.Errorf("%v.Width() = %d, want %d", tt, tt.Width(), w)
		}
	}
	if g := FirstTwo.Groups(); len(g) != 90 || g[0] != 10 || g[89] != 99 {
		t.Errorf("FirstTwo.Groups() = %v", g)
	}
}

// TestExpectedMAD checks de Moivre's formula against a direct sum over the
// binomial and against simulated Benford data.
func TestExpectedMAD(t *testing.T) {
	n, p := 5.0, 0.3
	var direct float64
	for k, c := range []float64{1, 5, 10, 10, 5, 1} { // C(5, k)
		direct += c * math.Pow(p, float64(k)) * math.Pow(1-p, 5-float64(k)) * math.Abs(float64(k)-n*p)
	}
	if got := binomialMeanAbsDev(n, p); math.Abs(got-direct) > 1e-12 {
		t.Errorf("E|X − np| for Binomial(5, 0.3) = %v, direct sum %v", got, direct)
	}
	for _, c := range []struct {
		n    int64
		want float64 // Python, same formula
	}{{300, 0.004596868414188235}, {3000, 0.0014487235062163194}, {185083, 0.00018443606556979724}} {
		if got := ExpectedMAD(FirstTwo, c.n); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("ExpectedMAD(FirstTwo, %d) = %v, want %v", c.n, got, c.want)
		}
	}
	// Simulation: 10^U, U uniform on [0, 4), is exactly Benford.
	rng := rand.New(rand.NewPCG(3, 4))
	const reps, size = 400, 300
	var mean float64
	xs := make([]float64, size)
	for range reps {
		for i := range xs {
			xs[i] = math.Pow(10, 4*rng.Float64())
		}
		mean += Config{}.Analyze(FirstTwo, xs).MAD / reps
	}
	if want := ExpectedMAD(FirstTwo, size); math.Abs(mean-want) > 0.03*want {
		t.Errorf("simulated mean MAD at n = %d: %v, ExpectedMAD %v", size, mean, want)
	}
	if ExpectedMAD(FirstDigit, 0) != 0 {
		t.Error("ExpectedMAD at n = 0 is not 0")
	}
}

func TestJudge(t *testing.T) {
	for _, c := range []struct {
		test Test
		mad  float64
		want Verdict
	}{
		{FirstTwo, 0, Close},
		{FirstTwo, 0.0011999, Close},
		{FirstTwo, 0.0012, Acceptable}, // a cut point belongs to the worse class (findInterval)
		{FirstTwo, 0.0018, Marginal},
		{FirstTwo, 0.002336614, Nonconformity},
		{FirstDigit, 0.0132114, Marginal},
		{FirstDigit, 0.015, Nonconformity},
		{FirstThree, 0.00045691, Marginal},
		{SecondDigit, 0.0115, Marginal}, // Nigrini's 0.012; benford.analysis' 0.011 would say nonconformity
		{LastTwo, 0.001, Undetermined},
		{FirstTwo, math.NaN(), Undetermined},
	} {
		if got := Judge(c.test, c.mad); got != c.want {
			t.Errorf("Judge(%v, %v) = %v, want %v", c.test, c.mad, got, c.want)
		}
	}
	for v, zh := range map[Verdict]string{Close: "接近符合", Acceptable: "可接受", Marginal: "勉强可接受", Nonconformity: "不符合"} {
		if v.Chinese() != zh {
			t.Errorf("%v.Chinese() = %s, want %s", v, v.Chinese(), zh)
		}
	}
}

// TestAnalyzeHandChecked: {1, 1, 2, 9}, first digit, worked out by hand
// (Python, from the formulas in the package doc).
func TestAnalyzeHandChecked(t *testing.T) {
	r := Analyze(FirstDigit, []float64{1, 1, 2, 9, -3, 0})
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"N", float64(r.N), 4},
		{"Skipped", float64(r.Skipped), 2},
		{"MAD", r.MAD, 0.1060269454932583},
		{"chi-square", r.ChiSquare, 6.205232823399962},
		{"df", r.DF, 8},
		{"p", r.ChiP, 0.6242547397120111}, // e^(−x/2) Σ_{i<4} (x/2)^i/i!, df 8
		{"KS", r.KS, 0.27287874528033756},
		{"KS critical", r.KSCritical, 0.68},
		{"z(1)", r.Groups[0].Z, 0.3225161629497318},
		{"count(1)", float64(r.Groups[0].Count), 2},
		{"sum(1)", r.Groups[0].Sum, 2},
		{"sum excess(9)", r.Groups[8].SumExcess, 9 - 13.0/9},
	} {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}
	if r.Verdict != Nonconformity || !strings.Contains(r.Abstain, "only 4 values") {
		t.Errorf("verdict %v, abstain %q", r.Verdict, r.Abstain)
	}
	if want := []Duplicate{{1, 2}}; len(r.Duplicates) != 1 || r.Duplicates[0] != want[0] {
		t.Errorf("duplicates %v, want %v", r.Duplicates, want)
	}
}

// TestEdgeCases: no input may give NaN, ±Inf or a panic; json.Marshal
// fails on NaN and Inf, so it checks every float field.
func TestEdgeCases(t *testing.T) {
	for name, xs := range map[string][]float64{
		"nil":           nil,
		"empty":         {},
		"all negative":  {-1, -20, -300},
		"one value":     {42},
		"identical":     {7, 7, 7, 7, 7, 7, 7},
		"not finite":    {math.NaN(), math.Inf(1), math.Inf(-1), 0},
		"tiny and huge": {5e-324, math.MaxFloat64},
	} {
		for _, tt := range Tests {
			for _, m := range []Method{Decimal, Truncate} {
				r := Config{Method: m, Duplicates: 10}.Analyze(tt, xs)
				b, err := json.Marshal(r)
				if err != nil {
					t.Errorf("%s %v %v: %v", name, tt, m, err)
					continue
				}
				if r.N+r.Skipped != int64(len(xs)) {
					t.Errorf("%s %v: N %d + skipped %d != %d", name, tt, r.N, r.Skipped, len(xs))
				}
				if r.N < DefaultMinN(tt) && r.Abstain == "" {
					t.Errorf("%s %v: no abstain reason at n = %d: %s", name, tt, r.N, b)
				}
				if r.N == 0 && (r.MAD != 0 || r.Verdict != Undetermined || r.Mantissa != nil) {
					t.Errorf("%s %v: empty result not neutral: %s", name, tt, b)
				}
			}
		}
	}
	r := Analyze(FirstTwo, []float64{7, 7, 7})
	if r.Mantissa.Var != 0 || r.Mantissa.Skewness != 0 || r.Mantissa.ExKurtosis != 0 || r.Groups[60].Count != 3 {
		t.Errorf("identical values: %+v, group 70 %+v", r.Mantissa, r.Groups[60])
	}
}

func TestFromCountsMatchesAnalyze(t *testing.T) {
	xs := []float64{1, 12, 13.5, 150, 0.19, 77, 77, 801, 9.2, 3.3, 31, 11.11}
	for _, tt := range Tests {
		a := Analyze(tt, xs)
		counts := map[int]int64{}
		for _, x := range xs {
			if g, ok := Digits(tt, x); ok {
				counts[g]++
			}
		}
		counts[-1] = 5 // not a group: counted as skipped
		f := FromCounts(tt, counts)
		if f.N != a.N || f.Skipped != 5 || f.MAD != a.MAD || f.ChiSquare != a.ChiSquare || f.KS != a.KS || f.ChiP != a.ChiP || f.Verdict != a.Verdict {
			t.Errorf("%v: FromCounts %+v\nAnalyze %+v", tt, f, a)
		}
		for i := range f.Groups {
			fg, ag := f.Groups[i], a.Groups[i]
			ag.Sum, ag.SumExcess = 0, 0
			if fg != ag {
				t.Errorf("%v group %d: %+v vs %+v", tt, fg.Digits, fg, ag)
			}
		}
		if f.Duplicates != nil || f.Mantissa != nil {
			t.Errorf("%v: FromCounts has raw-value fields", tt)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic on a negative count")
		}
	}()
	FromCounts(FirstDigit, map[int]int64{1: -1})
}

func TestLargest(t *testing.T) {
	r := Analyze(FirstDigit, []float64{9, 9, 9, 1})
	if g := r.Largest(100); len(g) != 9 || g[0].Digits != 9 {
		t.Errorf("Largest(100) = %v", g)
	}
	if g := r.Largest(-1); len(g) != 0 {
		t.Errorf("Largest(-1) = %v", g)
	}
	if n := r.Suspects(1); n != 3 {
		t.Errorf("Suspects(1) = %d", n)
	}
	if g := r.LargestSums(1); g[0].Digits != 9 {
		t.Errorf("LargestSums(1) = %v", g)
	}
}

func TestTextForms(t *testing.T) {
	for _, tt := range Tests {
		b, err := tt.MarshalText()
		var back Test
		if err != nil || back.UnmarshalText(b) != nil || back != tt {
			t.Errorf("%v: %s %v → %v", tt, b, err, back)
		}
		if tt.Chinese() == tt.String() {
			t.Errorf("%v has no Chinese name", tt)
		}
	}
	for s, want := range map[string]Test{"1": FirstDigit, "2": FirstTwo, "3": FirstThree, "second": SecondDigit, "last2": LastTwo, " First Two Digits ": FirstTwo} {
		if got, err := ParseTest(s); err != nil || got != want {
			t.Errorf("ParseTest(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseTest("4"); err == nil {
		t.Error("ParseTest(4) gave no error")
	}
	for v := Undetermined; v <= Nonconformity; v++ {
		var back Verdict
		if back.UnmarshalText([]byte(v.Chinese())) != nil || back != v {
			t.Errorf("verdict %v: Chinese label does not read back", v)
		}
	}
	for _, m := range []Method{Decimal, Truncate} {
		if got, err := ParseMethod(m.String()); err != nil || got != m {
			t.Errorf("ParseMethod(%v) = %v, %v", m, got, err)
		}
	}
	if err := (Config{Method: 7}).Validate(); err == nil {
		t.Error("Validate accepted Method 7")
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Error(err)
	}
}

func TestSecondOrder(t *testing.T) {
	got := SecondOrder(FirstTwo, []float64{3, 1, 2, 2, -5, 10.5, pointThree})
	want := []float64{0.7, 1, 1, 7.5} // 0.30000000000000004, 1, 2, 2, 3, 10.5; rounded to 5 decimals
	if len(got) != len(want) {
		t.Fatalf("SecondOrder = %v, want %v", got, want)
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("SecondOrder = %v, want %v", got, want)
		}
	}
}

// FuzzDigits: any float64 gives a group inside the test's range or ok =
// false, the Decimal group is the leading digits strconv prints, and
// Truncate's rounding never moves a value by more than one group.
func FuzzDigits(f *testing.F) {
	for _, x := range []float64{0.29, 1153.35, 1e-300, 5e-324, math.MaxFloat64, 1000, 999.9999999999999, -1, 0} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		for _, tt := range Tests {
			lo, hi := tt.span()
			gd, okd := Digits(tt, x)
			gt, okt := Config{Method: Truncate}.Digits(tt, x)
			if okd && (gd < lo || gd >= hi) || okt && (gt < lo || gt >= hi) {
				t.Fatalf("%v(%v): groups %d %d outside [%d, %d)", tt, x, gd, gt, lo, hi)
			}
			if okd != (x > 0 && !math.IsInf(x, 1) && (tt != LastTwo || x >= 10 && x < 1e15)) {
				t.Fatalf("%v(%v): ok = %v", tt, x, okd)
			}
			if k := tt.digitsUsed(); okd && tt != SecondDigit && k > 0 {
				s := strings.ReplaceAll(strconv.FormatFloat(x, 'e', -1, 64), ".", "")
				s = (s[:strings.IndexByte(s, 'e')] + "000")[:k]
				if strconv.Itoa(gd) != s {
					t.Fatalf("%v(%v) = %d, strconv says %s", tt, x, gd, s)
				}
			}
			if okd && okt && tt != SecondDigit && tt != LastTwo && (gd-gt > 1 || gt-gd > 1) {
				t.Fatalf("%v(%v): decimal %d, truncate %d", tt, x, gd, gt)
			}
		}
	})
}
