package benford

import "fmt"

// SQLDigitsCents returns a DuckDB SQL expression giving the first k
// significant digits (k = 1, 2 or 3: FirstDigit, FirstTwo, FirstThree) of
// a DECIMAL column with at most two decimals — money in yuan, as ledgers
// store it — NULL unless the amount is positive. It computes on the
// integer number of fen (cents), so it is exact and agrees with SQLDigits'
// Decimal reading of the same amounts (TestSQLDigitsCentsAgrees), without
// SQLDigits' cast of every value to text (about twice as fast on a million
// payments). It panics for other tests.
func SQLDigitsCents(t Test, column string) string {
	var k int
	switch t {
	case FirstDigit:
		k = 1
	case FirstTwo:
		k = 2
	case FirstThree:
		k = 3
	default:
		panic(fmt.Sprintf("benford: SQLDigitsCents: no cents form for %v", t))
	}
	c := "CAST(round(CAST(" + column + " AS DECIMAL(38, 2)) * 100) AS BIGINT)"
	e0 := "CAST(floor(log10(" + c + ")) AS INTEGER)"
	// log10 may land a hair below an integer at a power of ten (or above
	// it just below one): correct the exponent against the integer powers.
	e := fmt.Sprintf("(%[1]s + CASE WHEN %[2]s >= CAST(pow(10, %[1]s + 1) AS BIGINT) THEN 1 WHEN %[2]s < CAST(pow(10, %[1]s) AS BIGINT) THEN -1 ELSE 0 END)", e0, c)
	g := fmt.Sprintf("CASE WHEN %[1]s >= %[3]d THEN CAST(%[2]s // CAST(pow(10, %[1]s - %[3]d) AS BIGINT) AS INTEGER) ELSE CAST(%[2]s * CAST(pow(10, %[3]d - %[1]s) AS BIGINT) AS INTEGER) END",
		e, c, k-1)
	return "(CASE WHEN (" + column + ") > 0 AND " + c + " > 0 THEN " + g + " END)"
}
