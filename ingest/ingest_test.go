package ingest

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/store"
)

// expectedFile is one file's expectation in testdata/<case>/expected.json.
type expectedFile struct {
	Read, Loaded, Rejected int64
	Encoding               string
	Extra                  []string
	Reasons                []struct {
		Row      int64
		Column   string
		Contains string
	}
}

func openTestDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestCorpus loads every folder of testdata and checks each file's counts
// and reasons against its expected.json, then loads it again and expects
// nothing new.
func TestCorpus(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*/expected.json")
	if len(dirs) == 0 {
		t.Fatal("no test cases")
	}
	for _, exp := range dirs {
		dir := filepath.Dir(exp)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var want map[string]expectedFile
			b, err := os.ReadFile(exp)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			db := openTestDB(t)
			ctx := context.Background()
			opts := Options{Key: InsecureTestKey}
			results, err := Load(ctx, db, []string{dir}, opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != len(want) {
				t.Fatalf("loaded %d files, want %d", len(results), len(want))
			}
			for _, r := range results {
				name := filepath.Base(r.Path)
				w := want[name]
				if r.Read != w.Read || r.Loaded != w.Loaded || r.Rejected != w.Rejected {
					t.Errorf("%s: read %d loaded %d rejected %d; want %d %d %d", name, r.Read, r.Loaded, r.Rejected, w.Read, w.Loaded, w.Rejected)
				}
				if r.Read != r.Loaded+r.Rejected {
					t.Errorf("%s: read %d != loaded %d + rejected %d", name, r.Read, r.Loaded, r.Rejected)
				}
				if w.Encoding != "" && r.Encoding != w.Encoding {
					t.Errorf("%s: encoding %q, want %q", name, r.Encoding, w.Encoding)
				}
				if strings.Join(r.ExtraColumns, ",") != strings.Join(w.Extra, ",") {
					t.Errorf("%s: extra columns %q, want %q", name, r.ExtraColumns, w.Extra)
				}
				for _, reason := range w.Reasons {
					checkReject(t, db, r.BatchID, name, reason.Row, reason.Column, reason.Contains)
				}
			}
			again, err := Load(ctx, db, []string{dir}, opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range again {
				if !r.Skipped || r.Loaded != 0 {
					t.Errorf("second load of %s: skipped=%v loaded=%d, want skipped", r.Path, r.Skipped, r.Loaded)
				}
			}
		})
	}
}

func checkReject(t *testing.T, db *sql.DB, batch int64, file string, row int64, column, contains string) {
	t.Helper()
	rows, err := db.Query(`SELECT coalesce("column", ''), reason FROM rejects WHERE batch_id = ? AND "row" = ?`, batch, row)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var seen []string
	for rows.Next() {
		var c, r string
		if err := rows.Scan(&c, &r); err != nil {
			t.Fatal(err)
		}
		if (column == "" || c == column) && strings.Contains(r, contains) {
			return
		}
		seen = append(seen, c+": "+r)
	}
	t.Errorf("%s row %d: no reject on %q containing %q; have %q", file, row, column, contains, seen)
}

// TestNoClearPersonIDs checks that loaded and rejected data hold no clear
// resident ID.
func TestNoClearPersonIDs(t *testing.T) {
	db := openTestDB(t)
	if _, err := Load(context.Background(), db, []string{"testdata/utf8_bad_rows"}, Options{Key: InsecureTestKey}); err != nil {
		t.Fatal(err)
	}
	var n int
	q := `SELECT count(*) FROM (
  SELECT payee_id AS v FROM payments UNION ALL SELECT approver_id FROM payments
  UNION ALL SELECT "value" FROM rejects) WHERE regexp_matches(v, '\d{17}[\dXx]')`
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d clear resident IDs stored", n)
	}
	var p string
	if err := db.QueryRow(`SELECT payee_id FROM payments WHERE payment_id = 'P1'`).Scan(&p); err != nil {
		t.Fatal(err)
	}
	ps, _ := NewPseudonymizer(InsecureTestKey)
	if want := ps.Of("510104198001010022"); p != want {
		t.Errorf("SQL pseudonym %s, Go pseudonym %s", p, want)
	}
}

func TestPersonColumnsNeedKey(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/units.csv", Options{}); err != nil {
		t.Fatalf("units have no person column, no key needed: %v", err)
	}
	_, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/payments.csv", Options{})
	if err == nil || !strings.Contains(err.Error(), KeyEnv) {
		t.Fatalf("payments without a key: %v, want ErrNoKey", err)
	}
}

func TestStrictFailsWholeFile(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/units.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/cases.csv", Options{Strict: true})
	var re *RowError
	if err == nil || !asRowError(err, &re) || re.Row != 4 {
		t.Fatalf("strict load: %v, want a RowError at row 4", err)
	}
	var n int
	db.QueryRow(`SELECT count(*) FROM cases`).Scan(&n)
	if n != 0 {
		t.Errorf("strict failure left %d rows", n)
	}
}

func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "cases.csv")
	os.WriteFile(empty, nil, 0o600)
	noreq := filepath.Join(dir, "cases_x.csv")
	os.WriteFile(noreq, []byte("case_id,unit_id\nC1,1\n"), 0o600)
	noledger := filepath.Join(dir, "notes.csv")
	os.WriteFile(noledger, []byte("a\n1\n"), 0o600)
	db := openTestDB(t)
	for _, tt := range []struct{ path, want string }{
		{filepath.Join(dir, "cases_missing.csv"), "no such file"},
		{empty, "empty"},
		{noreq, "filed_on"},
		{noledger, "no ledger"},
	} {
		_, err := LoadFile(context.Background(), db, tt.path, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
			t.Errorf("LoadFile(%s) = %v, want an error naming the file and %q", tt.path, err, tt.want)
		}
	}
}
