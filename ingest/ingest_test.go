package ingest

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/ingest/privacy"
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
	ps, _ := privacy.NewPseudonymizer(InsecureTestKey)
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
	if err == nil || !asRowError(err, &re) || re.Row != 5 {
		t.Fatalf("strict load: %v, want a RowError at row 5", err)
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

// TestChangedFileAndReplace loads a file, then a changed copy: rows whose
// key exists are rejected naming the earlier batch, or replaced with
// Replace.
func TestChangedFileAndReplace(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	units := filepath.Join(dir, "units.csv")
	b, _ := os.ReadFile("testdata/utf8_bad_rows/units.csv")
	os.WriteFile(units, b, 0o600)
	if _, err := LoadFile(ctx, db, units, Options{}); err != nil {
		t.Fatal(err)
	}
	cases := filepath.Join(dir, "cases.csv")
	head := "case_id,unit_id,filed_on,domain\n"
	os.WriteFile(cases, []byte(head+"K1,510104001001,2016-01-01,land\nK2,510104001001,2016-01-02,land\n"), 0o600)
	first, err := LoadFile(ctx, db, cases, Options{})
	if err != nil || first[0].Loaded != 2 {
		t.Fatalf("first load: %+v, %v", first, err)
	}
	os.WriteFile(cases, []byte(head+"K2,510104001001,2016-02-02,education\nK3,510104001001,2016-01-03,land\n"), 0o600)
	second, err := LoadFile(ctx, db, cases, Options{})
	if err != nil || second[0].Loaded != 1 || second[0].Rejected != 1 {
		t.Fatalf("changed file: %+v, %v", second, err)
	}
	checkReject(t, db, second[0].BatchID, "cases.csv", 2, "case_id", "already loaded in batch")
	os.WriteFile(cases, []byte(head+"K2,510104001001,2016-02-02,education\n"), 0o600)
	third, err := LoadFile(ctx, db, cases, Options{Replace: true})
	if err != nil || third[0].Loaded != 1 || third[0].Replaced != 1 {
		t.Fatalf("replace: %+v, %v", third, err)
	}
	var domain string
	var n int
	db.QueryRow(`SELECT domain, (SELECT count(*) FROM cases) FROM cases WHERE case_id = 'K2'`).Scan(&domain, &n)
	if domain != "education" || n != 3 {
		t.Errorf("after replace: K2 domain %q, %d cases; want education, 3", domain, n)
	}
}

func TestMapping(t *testing.T) {
	dir := t.TempDir()
	mf := filepath.Join(dir, "map.toml")
	os.WriteFile(mf, []byte("[cases]\n\"问题发生单位\" = \"unit_id\"\n\"登记日\" = \"filed_on\"\n"), 0o600)
	m, err := ReadMapping(mf)
	if err != nil {
		t.Fatal(err)
	}
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/units.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "cases.csv")
	os.WriteFile(f, []byte("案件编号,问题发生单位,登记日\nM1,510104001001,2016-01-01\n"), 0o600)
	r, err := LoadFile(ctx, db, f, Options{Mapping: m})
	if err != nil || r[0].Loaded != 1 {
		t.Fatalf("mapped load: %+v, %v", r, err)
	}
	os.WriteFile(mf, []byte("[cases]\n\"x\" = \"no_such_column\"\n"), 0o600)
	if _, err := ReadMapping(mf); err == nil || !strings.Contains(err.Error(), "no_such_column") {
		t.Errorf("bad mapping: %v", err)
	}
}

// TestZonedTimestampIsLocalDate: a timestamp with a time zone becomes the
// date in China, not in UTC.
func TestZonedTimestampIsLocalDate(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/units.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "cases.parquet")
	if _, err := db.Exec(`COPY (SELECT 'Z1' AS case_id, '510104001001' AS unit_id,
  TIMESTAMPTZ '2017-05-02 20:05:06+00' AS filed_on) TO '` + f + `' (FORMAT parquet)`); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(ctx, db, f, Options{}); err != nil {
		t.Fatal(err)
	}
	var d string
	if err := db.QueryRow(`SELECT CAST(filed_on AS VARCHAR) FROM cases WHERE case_id = 'Z1'`).Scan(&d); err != nil {
		t.Fatal(err)
	}
	if d != "2017-05-03" {
		t.Errorf("filed_on = %s, want 2017-05-03 (04:05 in Chengdu)", d)
	}
}

// TestExtraColumnsKeptAside: a column no ledger knows is reported and its
// values kept in extra_values, identifiers masked.
func TestExtraColumnsKeptAside(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/units.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "cases.csv")
	os.WriteFile(f, []byte("case_id,unit_id,filed_on,备注,联系人证件\nE1,510104001001,2016-01-01,群众来信,510104198001010014\n"), 0o600)
	r, err := LoadFile(ctx, db, f, Options{})
	if err != nil || len(r[0].ExtraColumns) != 2 {
		t.Fatalf("%+v, %v", r, err)
	}
	rows, err := db.Query(`SELECT header, "value" FROM extra_values WHERE batch_id = ? ORDER BY header`, r[0].BatchID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var h, v string
		rows.Scan(&h, &v)
		got = append(got, h+"="+v)
	}
	want := "备注=群众来信 联系人证件=5101************14"
	if strings.Join(got, " ") != want {
		t.Errorf("extra values %q, want %q", strings.Join(got, " "), want)
	}
}
