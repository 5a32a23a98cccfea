package benford

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Method is how the leading digits are taken from a float64.
type Method int

const (
	// Decimal reads the digits of the shortest decimal representation that
	// round-trips to the value (strconv.FormatFloat(x, 'e', -1, 64)): 0.29 →
	// 29. It is the default.
	Decimal Method = iota
	// Truncate is benford.analysis' arithmetic, trunc(10^(k−1−⌊log10 x⌋)·x),
	// kept to reproduce the peer's tables exactly: it puts 0.29 in group 28
	// (100·0.29 = 28.999999999999996). The exponent ⌊log10 x⌋ is computed
	// exactly; a group outside the test's range (possible only within one
	// rounding of a power of ten) is skipped.
	Truncate
)

// String returns "decimal" or "truncate".
func (m Method) String() string {
	switch m {
	case Decimal:
		return "decimal"
	case Truncate:
		return "truncate"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod reads "decimal" or "truncate" ("peer" and "r" are taken for
// Truncate).
func ParseMethod(s string) (Method, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "decimal", "":
		return Decimal, nil
	case "truncate", "trunc", "peer", "r":
		return Truncate, nil
	}
	return 0, fmt.Errorf("benford: unknown digit method %q (want decimal or truncate)", s)
}

// MarshalText writes the method's name.
func (m Method) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads the method's name.
func (m *Method) UnmarshalText(b []byte) error {
	v, err := ParseMethod(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// lastTwoMax bounds the amounts LastTwo reads: from 2^53 (about 9e15) on, a
// float64 no longer holds every integer, so its last digits mean nothing.
const lastTwoMax = 1e15

// Digits returns the digit group of x for test t with the Decimal method.
// ok is false for values the test skips: x ≤ 0, NaN, ±Inf, and for LastTwo
// values below 10 or from 10^15 on. It panics if t is not a test.
func Digits(t Test, x float64) (group int, ok bool) {
	return digits(t, Decimal, x)
}

// Digits returns the digit group of x for test t with c's method.
func (c Config) Digits(t Test, x float64) (group int, ok bool) {
	return digits(t, c.Method, x)
}

func digits(t Test, m Method, x float64) (int, bool) {
	if !(x > 0) || math.IsInf(x, 1) {
		if !t.Valid() {
			t.span() // panics
		}
		return 0, false
	}
	switch t {
	case FirstDigit, FirstTwo, FirstThree:
		return leading(m, x, t.digitsUsed())
	case SecondDigit:
		g, ok := leading(m, x, 2)
		return g % 10, ok
	case LastTwo:
		if x < 10 || x >= lastTwoMax {
			return 0, false
		}
		return int(int64(x) % 100), true
	}
	t.span() // panics
	return 0, false
}

// leading returns the first k significant digits of the positive, finite x
// as an integer in [10^(k−1), 10^k).
func leading(m Method, x float64, k int) (int, bool) {
	if m == Truncate {
		return leadingTrunc(x, k)
	}
	var buf [32]byte
	b := strconv.AppendFloat(buf[:0], x, 'e', -1, 64)
	g, n := 0, 0
	for _, c := range b {
		if c == 'e' || n == k {
			break
		}
		if c >= '0' && c <= '9' {
			g = g*10 + int(c-'0')
			n++
		}
	}
	for ; n < k; n++ {
		g *= 10
	}
	return g, true
}

// leadingTrunc is benford.analysis' trunc(10^(k−1−⌊log10 x⌋)·x).
func leadingTrunc(x float64, k int) (int, bool) {
	g := math.Trunc(math.Pow10(k-1-decimalExponent(x)) * x)
	lo, hi := math.Pow10(k-1), math.Pow10(k)
	if !(g >= lo && g < hi) {
		return 0, false
	}
	return int(g), true
}

// decimalExponent returns ⌊log10 x⌋ for a positive, finite x, exactly: the
// exponent of x written in scientific notation. (math.Log10(1000) is
// 2.9999999999999996, so it is only a first guess.)
func decimalExponent(x float64) int {
	e := int(math.Floor(math.Log10(x)))
	for e < 308 && x >= math.Pow10(e+1) {
		e++
	}
	for e > -324 && x < math.Pow10(e) {
		e--
	}
	return e
}
