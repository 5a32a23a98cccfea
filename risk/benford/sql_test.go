package benford

import (
	"database/sql"
	"fmt"
	"github.com/microrisk/microrisk/internal/refdata"
	"math"
	"path/filepath"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

func openDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec("SET autoinstall_known_extensions = false; SET autoload_known_extensions = false"); err != nil {
		t.Fatal(err)
	}
	return db
}

// sqlCounts groups the table's rows by SQLDigits in DuckDB.
func sqlCounts(t *testing.T, db *sql.DB, expr string) map[int]int64 {
	t.Helper()
	rows, err := db.Query("SELECT g, count(*) FROM (SELECT " + expr + " AS g FROM amounts) WHERE g IS NOT NULL GROUP BY g")
	if err != nil {
		t.Fatalf("%v\n%s", err, expr)
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var g int
		var n int64
		if err := rows.Scan(&g, &n); err != nil {
			t.Fatal(err)
		}
		out[g] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSQLDigitsCorporatePayment: DuckDB's grouping of the corporate_payment
// amounts (read by DuckDB's own read_csv, as DOUBLE and, for the default
// method, as DECIMAL(18,2)) gives exactly the counts Go gives, for every test
// and both methods.
func TestSQLDigitsCorporatePayment(t *testing.T) {
	xs := corporatePayment(t)
	path := filepath.Join(refdata.Dir(t), "benford", "corporate_payment.csv")
	db := openDuckDB(t)
	if _, err := db.Exec(`CREATE TABLE amounts AS SELECT Amount AS x, CAST(Amount AS DECIMAL(18,2)) AS d
		FROM read_csv(?, header = true, columns = {'VendorNum': 'VARCHAR', 'Date': 'VARCHAR', 'InvNum': 'VARCHAR', 'Amount': 'DOUBLE'})`, path); err != nil {
		t.Fatal(err)
	}
	for _, m := range []Method{Decimal, Truncate} {
		cfg := Config{Method: m}
		for _, tt := range Tests {
			want := map[int]int64{}
			for _, x := range xs {
				if g, ok := cfg.Digits(tt, x); ok {
					want[g]++
				}
			}
			cols := []string{"x", "d"} // DOUBLE, DECIMAL(18,2)
			if m == Truncate {
				cols = cols[:1] // the scorer reads DECIMALs with the default method only
			}
			for _, col := range cols {
				got := sqlCounts(t, db, cfg.SQLDigits(tt, col))
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%v %v column %s: DuckDB and Go disagree:\n%v\n%v", m, tt, col, got, want)
				}
			}
		}
	}
	// What the scorer does: counts from SQL, statistics from FromCounts.
	r := FromCounts(FirstTwo, sqlCounts(t, db, SQLDigits(FirstTwo, `"x"`)))
	if r.N != 185083 || math.Abs(r.MAD-0.002336614) > 5e-10 {
		t.Errorf("FromCounts(SQL): n %d MAD %.10f, want 185083, 0.002336614 (benford.analysis README)", r.N, r.MAD)
	}
}

// TestSQLDigitsAwkwardValues compares value by value on values that trip up
// naive digit extraction.
func TestSQLDigitsAwkwardValues(t *testing.T) {
	values := []float64{0.29, pointThree, 0.3, 1.5e-7, 50, 5, 1000, 999.9999999999999, 54.099999999999994,
		1e15, 1e16, 1e20, 1.2345e21, 1e300, math.MaxFloat64, 5e-324, 2.2250738585072014e-308,
		9.99, 10, 1234.99, 0, -1, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1)}
	db := openDuckDB(t)
	if _, err := db.Exec("CREATE TABLE amounts (i INTEGER, x DOUBLE)"); err != nil {
		t.Fatal(err)
	}
	for i, x := range values {
		if _, err := db.Exec("INSERT INTO amounts VALUES (?, ?)", i, x); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec("INSERT INTO amounts VALUES (-1, NULL)"); err != nil {
		t.Fatal(err)
	}
	for _, m := range []Method{Decimal, Truncate} {
		cfg := Config{Method: m}
		for _, tt := range Tests {
			rows, err := db.Query("SELECT i, " + cfg.SQLDigits(tt, "x") + " FROM amounts ORDER BY i")
			if err != nil {
				t.Fatalf("%v %v: %v", m, tt, err)
			}
			for rows.Next() {
				var i int
				var g sql.NullInt64
				if err := rows.Scan(&i, &g); err != nil {
					t.Fatal(err)
				}
				if i < 0 {
					if g.Valid {
						t.Errorf("%v %v: NULL amount gave %d", m, tt, g.Int64)
					}
					continue
				}
				want, ok := cfg.Digits(tt, values[i])
				if g.Valid != ok || ok && int(g.Int64) != want {
					t.Errorf("%v %v(%v): DuckDB %v, Go %d %v", m, tt, values[i], g, want, ok)
				}
			}
			rows.Close()
		}
	}
}
