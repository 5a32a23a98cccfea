package benford

import (
	"fmt"
	"math"
	"strings"
)

// Test names the digits a Benford analysis compares with their expected
// frequency. The zero value is not a test.
type Test int

// The tests.
const (
	FirstDigit  Test = iota + 1 // first significant digit, 1..9
	SecondDigit                 // second significant digit, 0..9
	FirstTwo                    // first two significant digits, 10..99
	FirstThree                  // first three significant digits, 100..999
	LastTwo                     // last two digits of the integer part of amounts ≥ 10, 00..99
)

// Default is benford.analysis' default test, the first two digits.
const Default = FirstTwo

// Tests lists every test in order.
var Tests = []Test{FirstDigit, SecondDigit, FirstTwo, FirstThree, LastTwo}

// DefaultMinN is the number of values below which Analyze and FromCounts set
// Result.Abstain. benford.analysis has no minimum; these are the engine's
// choices. FirstTwo's 300 is the scorer's threshold (about 3.3 values per
// digit group); FirstThree and LastTwo keep about the same values per group,
// and the one-digit tests ask for about 10 per group (the smallest Benford
// first-digit share, 4.6%, then expects about 5 values).
func DefaultMinN(t Test) int64 {
	switch t {
	case FirstDigit, SecondDigit:
		return 100
	case FirstTwo, LastTwo:
		return 300
	case FirstThree:
		return 3000
	}
	panic(fmt.Sprintf("benford: unknown test %d", int(t)))
}

// Valid reports whether t is one of the tests.
func (t Test) Valid() bool { return t >= FirstDigit && t <= LastTwo }

// span returns the first and one-past-last digit group of t; it panics for an
// unknown test (a caller's bug).
func (t Test) span() (lo, hi int) {
	switch t {
	case FirstDigit:
		return 1, 10
	case SecondDigit:
		return 0, 10
	case FirstTwo:
		return 10, 100
	case FirstThree:
		return 100, 1000
	case LastTwo:
		return 0, 100
	}
	panic(fmt.Sprintf("benford: unknown test %d", int(t)))
}

// digitsUsed is how many leading digits the test reads (0 for LastTwo).
func (t Test) digitsUsed() int {
	switch t {
	case FirstDigit:
		return 1
	case SecondDigit, FirstTwo:
		return 2
	case FirstThree:
		return 3
	}
	return 0
}

// Groups returns the digit groups of t in order, e.g. 10..99 for FirstTwo.
// It panics if t is not a test.
func (t Test) Groups() []int {
	lo, hi := t.span()
	g := make([]int, 0, hi-lo)
	for d := lo; d < hi; d++ {
		g = append(g, d)
	}
	return g
}

// Expected returns the share Benford's law expects for digit group d of
// test t (0 when d is not one of t's groups).
func (t Test) Expected(d int) float64 {
	lo, hi := t.span()
	if d < lo || d >= hi {
		return 0
	}
	switch t {
	case SecondDigit:
		var p float64
		for a := 1; a <= 9; a++ {
			p += math.Log10(1 + 1/float64(10*a+d))
		}
		return p
	case LastTwo:
		return 1.0 / 100
	}
	return math.Log10(1 + 1/float64(d))
}

// Width is the number of digits a group is printed with: 1 for the
// one-digit tests, 2 for LastTwo's "05".
func (t Test) Width() int {
	switch t {
	case SecondDigit:
		return 1
	case LastTwo:
		return 2
	}
	return t.digitsUsed()
}

var testNames = map[Test][2]string{
	FirstDigit:  {"first digit", "首位数字"},
	SecondDigit: {"second digit", "第二位数字"},
	FirstTwo:    {"first two digits", "前两位数字"},
	FirstThree:  {"first three digits", "前三位数字"},
	LastTwo:     {"last two digits", "末两位数字"},
}

// String returns the test's English name, e.g. "first two digits".
func (t Test) String() string {
	if n, ok := testNames[t]; ok {
		return n[0]
	}
	return fmt.Sprintf("Test(%d)", int(t))
}

// Chinese returns the test's Chinese name, e.g. "前两位数字".
func (t Test) Chinese() string {
	if n, ok := testNames[t]; ok {
		return n[1]
	}
	return t.String()
}

// ParseTest reads a test from its command-line or configuration spelling:
// "1", "2", "3", "second", "last2", or the English name ("first two
// digits"), among a few other spellings.
func ParseTest(s string) (Test, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "first", "d1", "first digit", "first-digit", "f1d":
		return FirstDigit, nil
	case "second", "2nd", "second digit", "second-digit", "sd":
		return SecondDigit, nil
	case "2", "first2", "d2", "first two digits", "first-two", "f2d":
		return FirstTwo, nil
	case "3", "first3", "d3", "first three digits", "first-three", "f3d":
		return FirstThree, nil
	case "last2", "last-two", "last two digits", "l2d":
		return LastTwo, nil
	}
	return 0, fmt.Errorf("benford: unknown test %q (want 1, 2, 3, second or last2)", s)
}

// MarshalText writes the test's English name.
func (t Test) MarshalText() ([]byte, error) {
	if !t.Valid() {
		return nil, fmt.Errorf("benford: unknown test %d", int(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText reads any spelling ParseTest accepts.
func (t *Test) UnmarshalText(b []byte) error {
	v, err := ParseTest(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}
