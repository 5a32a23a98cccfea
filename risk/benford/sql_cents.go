package benford

import (
	"fmt"
	"strings"
)

// SQLCents returns a DuckDB SQL expression giving the whole number of
// fen (cents) of column, a DECIMAL amount in yuan, as a BIGINT. Amounts
// under 10¹³ yuan (all real ones) are worked out in 64-bit decimals; larger
// ones in 128-bit decimals, fifteen times slower, where 64 bits would
// overflow.
func SQLCents(column string) string {
	return "CASE WHEN abs(" + column + ") < 1e13 THEN CAST(CAST(" + column + " AS DECIMAL(18, 2)) * 100 AS BIGINT) " +
		"ELSE CAST(round(CAST(" + column + " AS DECIMAL(38, 2)) * 100) AS BIGINT) END"
}

// SQLDigitsOfCents returns a DuckDB SQL expression giving the first k
// digits (k = 1, 2 or 3 for t) of cents, a BIGINT column of fen as
// SQLCents makes it — NULL unless it is positive. Integer comparisons and
// one division, exact, without SQLDigits' cast of every value to text; it
// names cents many times, so cents should be a column (computed once in a
// subquery: DuckDB does not share a repeated expression's work). It
// panics for other tests.
func SQLDigitsOfCents(t Test, cents string) string {
	k := digitCount(t)
	var b strings.Builder
	fmt.Fprintf(&b, "(CASE WHEN %[1]s > 0 THEN CAST(CASE", cents)
	for nd := 1; nd <= 19; nd++ {
		when := fmt.Sprintf(" WHEN %s < %d", cents, pow10(nd))
		if nd == 19 { // the largest BIGINT has 19 digits
			when = " ELSE"
		} else {
			when += " THEN"
		}
		switch {
		case nd < k:
			fmt.Fprintf(&b, "%s %s * %d", when, cents, pow10(k-nd))
		case nd == k:
			fmt.Fprintf(&b, "%s %s", when, cents)
		default:
			fmt.Fprintf(&b, "%s %s // %d", when, cents, pow10(nd-k))
		}
	}
	b.WriteString(" END AS INTEGER) END)")
	return b.String()
}

// SQLDigitsCents returns a DuckDB SQL expression giving the first k
// digits (k = 1, 2 or 3 for t) of column, a DECIMAL amount in yuan as
// payments store it — NULL unless the amount is positive: SQLDigitsOfCents
// of SQLCents, so it computes on the integer number of fen, exact, and
// agrees with SQLDigits' Decimal reading of the same amounts
// (TestSQLDigitsCentsAgrees). The cents expression is repeated in it: on
// many rows, compute SQLCents once in a subquery and use SQLDigitsOfCents
// (four times faster on a million payments). It panics for other tests.
func SQLDigitsCents(t Test, column string) string {
	return SQLDigitsOfCents(t, "("+SQLCents(column)+")")
}

func digitCount(t Test) int {
	switch t {
	case FirstDigit:
		return 1
	case FirstTwo:
		return 2
	case FirstThree:
		return 3
	}
	panic(fmt.Sprintf("benford: no digits-of-cents form for %v", t))
}

// pow10 returns 10ⁿ for n ≤ 18.
func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
