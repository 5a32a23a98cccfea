package benford

import (
	"fmt"
	"strings"
)

// SQLDigits returns a DuckDB SQL expression giving the digit group (INTEGER)
// of column for test t with the Decimal method, NULL where Digits would
// return ok = false. column is an SQL expression of type DOUBLE, DECIMAL or
// an integer type, inserted verbatim: quote identifiers yourself
// ("amount_yuan" or "p"."amount_yuan"). It panics if t is not a test.
//
// The expression agrees with Digits: DuckDB casts a DOUBLE to VARCHAR as the
// shortest representation that round-trips, as strconv does, and a DECIMAL
// is first cast to DOUBLE, the value Go scans.
func SQLDigits(t Test, column string) string { return DefaultConfig().SQLDigits(t, column) }

// SQLDigits is SQLDigits with c's method.
func (c Config) SQLDigits(t Test, column string) string {
	t.span() // panics on an unknown test
	x := "CAST((" + column + ") AS DOUBLE)"
	switch t {
	case LastTwo:
		return fmt.Sprintf("(CASE WHEN %[1]s >= 10 AND %[1]s < %[2]g THEN CAST(CAST(trunc(%[1]s) AS BIGINT) %% 100 AS INTEGER) END)", x, lastTwoMax)
	case SecondDigit:
		return "(" + c.sqlLeading(x, 2) + " % 10)"
	}
	return c.sqlLeading(x, t.digitsUsed())
}

// sqlLeading returns the expression of the first k significant digits of the
// DOUBLE expression x, NULL unless x is positive and finite.
func (c Config) sqlLeading(x string, k int) string {
	var g string
	if c.Method == Truncate {
		// benford.analysis: trunc(10^(k-1-e) * x), e = floor(log10 x),
		// skipped when the group falls outside [10^(k-1), 10^k). log10 can
		// round up to an integer just below a power of ten, so e is
		// corrected against pow(10, e), as decimalExponent does in Go.
		e0 := fmt.Sprintf("floor(log10(%s))", x)
		e := fmt.Sprintf("(%[1]s + CASE WHEN %[2]s >= pow(10, %[1]s + 1) THEN 1 WHEN %[2]s < pow(10, %[1]s) THEN -1 ELSE 0 END)", e0, x)
		t := fmt.Sprintf("trunc(pow(10, %d - %s) * %s)", k-1, e, x)
		lo, hi := pow10i(k-1), pow10i(k)
		g = fmt.Sprintf("CASE WHEN %[1]s >= %[2]d AND %[1]s < %[3]d THEN CAST(%[1]s AS INTEGER) END", t, lo, hi)
	} else {
		// Digits of the mantissa of the shortest representation ("1.5e-07",
		// "1153.35", "50.0"): drop the exponent and the point, strip leading
		// zeros, pad to k digits.
		digits := fmt.Sprintf("ltrim(replace(split_part(CAST(%s AS VARCHAR), 'e', 1), '.', ''), '0')", x)
		g = fmt.Sprintf("CAST(rpad(left(%s, %d), %d, '0') AS INTEGER)", digits, k, k)
	}
	return "(CASE WHEN isfinite(" + x + ") AND " + x + " > 0 THEN " + strings.TrimSpace(g) + " END)"
}

func pow10i(k int) int {
	p := 1
	for ; k > 0; k-- {
		p *= 10
	}
	return p
}
