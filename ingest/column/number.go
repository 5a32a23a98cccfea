package column

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Wan is 万, ten thousand: the multiplier of a 万元 suffix or header.
const Wan = 10000

// ErrEmpty is returned by ParseNumber for a cell with nothing but white space.
var ErrEmpty = errors.New("empty cell")

// ErrNotNumber is wrapped by ParseNumber's error for a cell that is not a
// number.
var ErrNotNumber = errors.New("not a number")

// trimSet is what ParseNumber trims and removes inside a cell: ASCII white
// space, no-break space, zero-width space, full-width space, byte-order mark.
const trimSet = " \t\n\v\f\r\u00a0\u200b\u3000\ufeff"

// ParseNumber reads an amount as ledgers write it and returns its value,
// unrounded. It accepts, after removing white space and folding full-width
// forms (１２３４．５０, （）, －) to ASCII:
//
//   - digits with an optional decimal point, and thousands separators only
//     where they are well placed: 1234.5, 1,234.50 (12,34 is an error, not
//     a decimal comma read as 1234);
//   - scientific notation as Excel writes it: 1.2E+4;
//   - a sign, before or after a currency sign ¥ ￥ $ (-12.5, ¥-12.5, +3),
//     or parentheses for a negative amount: (1,234.50);
//   - a unit after the number: 元 (×1), 万 or 万元 (×10,000).
//
// wan says the column's header declares 万元: a number without a unit is
// then multiplied by 10,000; a unit in the cell wins. An empty cell gives
// ErrEmpty; anything else, including NaN and Inf, an error wrapping
// ErrNotNumber.
//
// ingest/normalize.ParseAmount reads the same forms for the ledgers but
// rounds to the cent and caps at 1e13; this package keeps the value as
// written, since a Benford test reads every digit.
func ParseNumber(s string, wan bool) (float64, error) {
	t := clean(s)
	if t == "" {
		return 0, ErrEmpty
	}
	paren := strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")")
	if paren {
		t = t[1 : len(t)-1]
	}
	neg, signs := false, 0
	takeSign := func() {
		if t != "" && (t[0] == '-' || t[0] == '+') {
			neg = neg || t[0] == '-'
			t, signs = t[1:], signs+1
		}
	}
	takeSign()
	for _, c := range []string{"¥", "￥", "$"} {
		if strings.HasPrefix(t, c) {
			t = t[len(c):]
			break
		}
	}
	takeSign()
	if signs > 1 || paren && signs > 0 {
		return 0, fmt.Errorf("%w: %q: more than one sign", ErrNotNumber, s)
	}
	mult := 1.0
	switch {
	case strings.HasSuffix(t, "万元"):
		mult, t = Wan, strings.TrimSuffix(t, "万元")
	case strings.HasSuffix(t, "万"):
		mult, t = Wan, strings.TrimSuffix(t, "万")
	case strings.HasSuffix(t, "元"):
		t = strings.TrimSuffix(t, "元")
	case wan:
		mult = Wan
	}
	num, ok := plainNumber(t)
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrNotNumber, s)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil { // out of range
		return 0, fmt.Errorf("%w: %q: out of range", ErrNotNumber, s)
	}
	v *= mult
	if neg || paren {
		v = -v
	}
	return v, nil
}

// clean trims and removes white space and folds full-width ASCII forms
// (U+FF01–U+FF5E) and the minus sign U+2212 to ASCII.
func clean(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c <= ' ' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case strings.ContainsRune(trimSet, r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r = r - 0xFF01 + '!'
		case r == 0x2212:
			r = '-'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plainNumber checks s is digits with well-placed thousands commas, an
// optional fraction and exponent, and returns it without the commas.
func plainNumber(s string) (string, bool) {
	i, n := 0, len(s)
	intStart := i
	commas := false
	group := -1 // digits since the last comma; -1 before any comma
	for i < n && (isDigit(s[i]) || s[i] == ',') {
		if s[i] == ',' {
			if i == intStart || (group != -1 && group != 3) {
				return "", false
			}
			if group == -1 && i-intStart > 3 {
				return "", false
			}
			commas, group = true, 0
		} else if group != -1 {
			group++
		}
		i++
	}
	if commas && group != 3 {
		return "", false
	}
	intDigits := i - intStart
	frac := 0
	if i < n && s[i] == '.' {
		i++
		for i < n && isDigit(s[i]) {
			i, frac = i+1, frac+1
		}
	}
	if intDigits == 0 && frac == 0 {
		return "", false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < n && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < n && isDigit(s[k]) {
			k++
		}
		if k == j {
			return "", false
		}
		i = k
	}
	if i != n {
		return "", false
	}
	if commas {
		return strings.ReplaceAll(s, ",", ""), true
	}
	return s, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
