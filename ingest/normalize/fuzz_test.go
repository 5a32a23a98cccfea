package normalize

import (
	"database/sql"
	"errors"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fuzz targets check that the Go parsers never panic, that what they
// accept round-trips, and that the SQL faces agree with them on every input
// DuckDB can hold (valid UTF-8 without NUL). Seeds: testdata/fuzz/<target>/
// and the cases of testdata/values.json.

// fuzzDB is one DuckDB per fuzzing process, with a prepared query per face.
var fuzzDB = struct {
	once  sync.Once
	db    *sql.DB
	err   error
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}{stmts: map[string]*sql.Stmt{}}

// sqlAgrees runs the SQL outputs of the named face on in and checks them
// against the Go face.
func sqlAgrees(t *testing.T, name, in string) {
	if !sqlValue(in) {
		return
	}
	f := faces[name]
	fuzzDB.once.Do(func() { fuzzDB.db, fuzzDB.err = sql.Open("duckdb", "") })
	if fuzzDB.err != nil {
		t.Fatal(fuzzDB.err)
	}
	fuzzDB.mu.Lock()
	stmt, ok := fuzzDB.stmts[name]
	if !ok {
		cols := make([]string, len(f.outs))
		for i, o := range f.outs {
			cols[i] = o.expr("v")
		}
		var err error
		stmt, err = fuzzDB.db.Prepare("SELECT " + strings.Join(cols, ", ") + " FROM (SELECT CAST($1 AS VARCHAR) AS v)")
		if err != nil {
			fuzzDB.mu.Unlock()
			t.Fatal(err)
		}
		fuzzDB.stmts[name] = stmt
	}
	fuzzDB.mu.Unlock()
	vals := make([]any, len(f.outs))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := stmt.QueryRow(in).Scan(ptrs...); err != nil {
		t.Fatalf("%q: %v", in, err)
	}
	checkAgreement(t, f, &in, vals)
}

// addSeeds adds the inputs of values.json for the given types.
func addSeeds(f *testing.F, types ...string) {
	values := loadValues(f)
	for _, typ := range types {
		for _, c := range values[typ] {
			f.Add(c.In)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	addSeeds(f, "date", "date1904")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if _, err1904 := ParseDate1904(s); errors.Is(err, ErrEmpty) != errors.Is(err1904, ErrEmpty) {
			t.Fatalf("%q: empty in one date system only", s)
		}
		sqlAgrees(t, "date", s)
		sqlAgrees(t, "date1904", s)
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("%q: error %v wraps neither ErrEmpty nor ErrInvalid", s, err)
			}
			return
		}
		if d.Year() < MinYear || d.Year() > MaxYear || d.Location() != time.UTC {
			t.Fatalf("%q: %v out of range or not UTC", s, d)
		}
		for _, layout := range []string{"2006-01-02T15:04:05.999999", "2006年1月2日 15:04:05.999999", "20060102 15:04:05.999999"} {
			iso := d.Format(layout)
			back, err := ParseDate(iso)
			if err != nil || !back.Equal(d) {
				t.Fatalf("%q → %v → %q → %v, %v", s, d, iso, back, err)
			}
		}
		day := d.Format("2006-01-02")
		if back, err := ParseDate(day); err != nil || !back.Equal(d.Truncate(24*time.Hour)) {
			t.Fatalf("%q → %q → %v, %v", s, day, back, err)
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	addSeeds(f, "amount", "amount_wan")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseAmount(s, false)
		sqlAgrees(t, "amount", s)
		sqlAgrees(t, "amount_wan", s)
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("%q: error %v wraps neither ErrEmpty nor ErrInvalid", s, err)
			}
			return
		}
		if math.IsNaN(v) || math.Abs(v) >= MaxAmount || math.Round(v*100)/100 != v {
			t.Fatalf("%q: %v is not a cent amount within range", s, v)
		}
		text := strconv.FormatFloat(v, 'f', 2, 64)
		if back, err := ParseAmount(text, false); err != nil || back != v {
			t.Fatalf("%q → %v → %q → %v, %v", s, v, text, back, err)
		}
		if w, err := ParseAmount(s, true); err == nil && math.Abs(w) < math.Abs(v) {
			t.Fatalf("%q: %v with a 万元 header, %v without", s, w, v)
		}
	})
}

func FuzzCheckResidentID(f *testing.F) {
	addSeeds(f, "resident_id")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ResidentID(s)
		if cerr := CheckResidentID(s); cerr != err {
			t.Fatalf("%q: CheckResidentID %v, ResidentID %v", s, cerr, err)
		}
		sqlAgrees(t, "resident_id", s)
		if err != nil {
			return
		}
		if again, err := ResidentID(strings.ToLower(id)); err != nil || again != id {
			t.Fatalf("%q → %q → %q, %v", s, id, again, err)
		}
		// Any other check character must be rejected.
		for _, c := range idCheckChars {
			if byte(c) != id[17] {
				if err := CheckResidentID(id[:17] + string(c)); !errors.Is(err, ErrIDCheckDigit) {
					t.Fatalf("%q with check %c: %v", id, c, err)
				}
			}
		}
	})
}

func FuzzParseInt(f *testing.F) {
	addSeeds(f, "int", "count")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseInt(s)
		sqlAgrees(t, "int", s)
		sqlAgrees(t, "count", s)
		if c, cerr := ParseCount(s); cerr == nil && (err != nil || c != n || c < 0) {
			t.Fatalf("%q: count %d but int %d, %v", s, c, n, err)
		}
		if err == nil {
			if back, err := ParseInt(strconv.FormatInt(n, 10)); err != nil || back != n {
				t.Fatalf("%q → %d → %d, %v", s, n, back, err)
			}
		}
	})
}

func FuzzKey(f *testing.F) {
	addSeeds(f, "key", "text", "fold_width", "bool")
	f.Fuzz(func(t *testing.T, s string) {
		ParseBool(s)
		sqlAgrees(t, "key", s)
		sqlAgrees(t, "text", s)
		sqlAgrees(t, "fold_width", s)
		sqlAgrees(t, "bool", s)
		if k := Key(s); Key(k) != k {
			t.Fatalf("Key not idempotent: %q → %q → %q", s, k, Key(k))
		}
		if x := Text(s); Text(x) != x {
			t.Fatalf("Text not idempotent: %q", s)
		}
	})
}
