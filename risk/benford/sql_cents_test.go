package benford

import (
	"database/sql"
	"testing"
)

// TestSQLDigitsCentsAgrees: on amounts stored as DECIMAL(18,2) — edge
// values at powers of ten, a cent, either side of SQLCents' switch to
// 128-bit decimals at 10¹³, and 20,000 amounts spread over ten orders of
// magnitude — SQLDigitsCents gives the same group as SQLDigits (Decimal
// reading) for the first one, two and three digits.
func TestSQLDigitsCentsAgrees(t *testing.T) {
	db := openDuckDB(t)
	if _, err := db.Exec("CREATE TABLE amounts (x DECIMAL(18,2))"); err != nil {
		t.Fatal(err)
	}
	edge := []string{"0.01", "0.1", "0.09", "0.99", "1", "9.99", "10", "10.01", "99.99", "100", "999.99", "1000",
		"4999.99", "5000", "99999.99", "100000", "9999999999999.99", "10000000000000", "10000000000000.01", "-10000000000000.5", "1000000000000000", "0", "-5", "0.05", "0.50"}
	for _, v := range edge {
		if _, err := db.Exec("INSERT INTO amounts VALUES (CAST(? AS DECIMAL(18,2)))", v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`SELECT setseed(0.7)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO amounts SELECT CAST(round(exp(random() * 27 - 4.6), 2) AS DECIMAL(18,2)) FROM range(20000)`); err != nil {
		t.Fatal(err)
	}
	var grouped int64
	if err := db.QueryRow("SELECT count(" + SQLDigitsCents(FirstTwo, "x") + ") FROM amounts").Scan(&grouped); err != nil || grouped < 20000 {
		t.Fatalf("%d amounts grouped (%v): the comparison would be vacuous", grouped, err)
	}
	var wrong int64
	if err := db.QueryRow("SELECT count(*) FROM amounts WHERE " + SQLCents("x") +
		" IS DISTINCT FROM CAST(round(CAST(x AS DECIMAL(38, 2)) * 100) AS BIGINT)").Scan(&wrong); err != nil || wrong != 0 {
		t.Errorf("SQLCents: %d amounts differ from the 128-bit reading (%v)", wrong, err)
	}
	for _, tt := range []Test{FirstDigit, FirstTwo, FirstThree} {
		var bad int64
		var sample sql.NullString
		q := "SELECT count(*), any_value(x::VARCHAR) FROM amounts WHERE " + SQLDigits(tt, "x") + " IS DISTINCT FROM " + SQLDigitsCents(tt, "x")
		if err := db.QueryRow(q).Scan(&bad, &sample); err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Errorf("%v: %d amounts disagree, e.g. %s", tt, bad, sample.String)
		}
		// the same on a column of cents computed once
		q = "SELECT count(*), any_value(x::VARCHAR) FROM (SELECT x, " + SQLCents("x") + " AS cents FROM amounts) WHERE " +
			SQLDigits(tt, "x") + " IS DISTINCT FROM " + SQLDigitsOfCents(tt, "cents")
		if err := db.QueryRow(q).Scan(&bad, &sample); err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Errorf("%v of cents: %d amounts disagree, e.g. %s", tt, bad, sample.String)
		}
	}
}
