package risk

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/microrisk/microrisk/store"
)

// fixture is an in-memory database built row by row for a test.
type fixture struct {
	t   testing.TB
	db  *sql.DB
	row int
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db, err := store.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &fixture{t: t, db: db}
}

// insert adds rows to a ledger table; cols is a comma-separated column
// list, each row one value per column. The lineage columns are filled in.
func (f *fixture) insert(table, cols string, rows ...[]any) {
	f.t.Helper()
	n := len(strings.Split(cols, ","))
	ph := make([]string, n+2)
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	q := fmt.Sprintf("INSERT INTO %s (%s, _batch, _row) VALUES (%s)", table, cols, strings.Join(ph, ", "))
	for _, r := range rows {
		if len(r) != n {
			f.t.Fatalf("insert %s: %d values for %d columns", table, len(r), n)
		}
		f.row++
		if _, err := f.db.Exec(q, append(r, int64(1), int64(f.row))...); err != nil {
			f.t.Fatalf("insert %s %v: %v", table, r, err)
		}
	}
}

// exec runs a statement (bulk fixtures written in SQL).
func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.db.Exec(q, args...); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
}

// city adds a city with two districts D1 and D2.
func (f *fixture) city() {
	f.insert("units", "unit_id, name, level, parent_id",
		[]any{"C", "市", "city", nil},
		[]any{"D1", "一区", "district", "C"},
		[]any{"D2", "二区", "district", "C"},
	)
}

// unit adds a scored unit under parent with staff and population (nil for
// missing).
func (f *fixture) unit(id, level, parent string, staff, population any) {
	f.insert("units", "unit_id, name, level, parent_id, staff, population",
		[]any{id, "单位" + id, level, parent, staff, population})
}

// cases adds n cases of a unit filed on date in domain.
func (f *fixture) cases(unit string, n int, date, domain string) {
	f.t.Helper()
	for i := 0; i < n; i++ {
		f.insert("cases", "case_id, unit_id, filed_on, domain",
			[]any{fmt.Sprintf("%s-%s-%s-%d", unit, date, domain, f.row), unit, date, domain})
	}
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// indicatorOf returns unit's value of indicator id in r.
func indicatorOf(t testing.TB, r *Result, unit, id string) Value {
	t.Helper()
	k := -1
	for j, ind := range Catalogue {
		if ind.ID == id {
			k = j
		}
	}
	if k < 0 {
		t.Fatalf("no indicator %s", id)
	}
	for _, u := range r.Units {
		if u.UnitID == unit {
			v := u.Values[k]
			v.Reason()
			return v
		}
	}
	t.Fatalf("no unit %s", unit)
	return Value{}
}

func computeAt(t testing.TB, f *fixture, asOf string, cfg Config) *Result {
	t.Helper()
	r, err := Compute(context.Background(), f.db, date(asOf), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
