package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/ingest"
	"github.com/microrisk/microrisk/ingest/privacy"
	"github.com/microrisk/microrisk/store"
)

// The command line against the misuses an attacker or a new user tries:
// each exits as the README says and leaves the database as it was.

const testUnits = "unit_id,name,level,parent_id\n51,市,city,\n5101,一区,district,51\n510101,村,village,5101\n"

// testID completes 17 digits with their check character.
func testID(first17 string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, x := range w {
		sum += int(first17[i]-'0') * x
	}
	return first17 + string("10X98765432"[sum%11])
}

// ledgers writes files into a new folder and returns it.
func ledgers(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeTestFile(t, filepath.Join(dir, name), content)
	}
	return dir
}

func TestUsageExitCodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.duckdb")
	for _, tt := range []struct {
		name string
		args []string
		want int
	}{
		{"export an unknown table", []string{"export", "--db", db, "--what", "bogus", "--out", filepath.Join(dir, "x.csv")}, 2},
		{"ingest into an unknown table", []string{"ingest", "--db", db, "--table", "bogus", dir}, 2},
		{"config takes --db and --log-format", []string{"config", "--db", db, "--log-format", "json"}, 0},
		{"config with a bad --log-format", []string{"config", "--log-format", "xml"}, 2},
		{"demo with a bad --log-format", []string{"demo", "--db", db, "--log-format", "xml"}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, stderr := runCLI(t, tt.args...); code != tt.want {
				t.Errorf("exit %d, want %d: %s", code, tt.want, stderr)
			}
		})
	}
}

// TestIngestMissingFileMakesNoDatabase: a mistyped path fails before any
// database is made.
func TestIngestMissingFileMakesNoDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.duckdb")
	if code, _, _ := runCLI(t, "ingest", "--db", db, filepath.Join(t.TempDir(), "cases.csv")); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a database was made: %v", err)
	}
}

// TestIngestExitsWhenEverythingRejected: exit 1 when no row of a file
// loaded, 0 with a warning when some did; after the fix the file loads.
func TestIngestExitsWhenEverythingRejected(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.duckdb")
	dir := ledgers(t, map[string]string{"units.csv": testUnits,
		"cases.csv":       "case_id,unit_id,filed_on\nK1,510199,2016-01-01\nK2,510199,2016-01-02\n",
		"cases_other.csv": "case_id,unit_id,filed_on\nK3,510101,2016-01-01\nK4,510199,2016-01-02\n"})
	code, stdout, stderr := runCLI(t, "ingest", "--db", db, dir)
	if code != 1 || !strings.Contains(stderr, "every row of "+filepath.Join(dir, "cases.csv")+" was rejected") {
		t.Errorf("exit %d, stderr %q; want 1, every row rejected", code, stderr)
	}
	if !strings.Contains(stdout, "cases_other.csv") {
		t.Errorf("the other files were not loaded: %s", stdout)
	}
	fixed := ledgers(t, map[string]string{"units_more.csv": "unit_id,name,level,parent_id\n510199,新村,village,5101\n"})
	if code, _, stderr := runCLI(t, "ingest", "--db", db, "--table", "units", fixed); code != 0 {
		t.Fatalf("units: exit %d: %s", code, stderr)
	}
	code, stdout, stderr = runCLI(t, "ingest", "--db", db, filepath.Join(dir, "cases.csv"))
	if code != 0 || !strings.Contains(stdout, "loaded         2") {
		t.Errorf("after the fix: exit %d, stdout %q, stderr %q; want the file loaded", code, stdout, stderr)
	}
	third := ledgers(t, map[string]string{"cases_third.csv": "case_id,unit_id,filed_on\nK5,510101,2016-01-01\nK6,519999,2016-01-02\n"})
	code, _, stderr = runCLI(t, "ingest", "--db", db, third)
	if code != 0 || !strings.Contains(stderr, "warning: 1 rows rejected") {
		t.Errorf("some rejected: exit %d, stderr %q; want 0 and a warning", code, stderr)
	}
}

// TestKeys: the key is checked before anything loads: a short one, one
// given twice, another than the database's, and run without one.
func TestKeys(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.duckdb")
	dir := ledgers(t, map[string]string{"units.csv": testUnits,
		"relations.csv": "person_id,related_id,relation\n" + testID("51010419800101001") + "," + testID("51010419900202002") + ",spouse\n"})
	t.Setenv(ingest.KeyEnv, "abc")
	if code, _, stderr := runCLI(t, "ingest", "--db", db, dir); code != 1 || !strings.Contains(stderr, "too short") {
		t.Errorf("a 3-byte key: exit %d, %s", code, stderr)
	}
	t.Setenv(ingest.KeyEnv, "the first real key, long enough")
	if code, _, stderr := runCLI(t, "ingest", "--db", db, "--insecure-test-key", dir); code != 2 {
		t.Errorf("both keys: exit %d, %s; want 2", code, stderr)
	}
	if code, _, stderr := runCLI(t, "ingest", "--db", db, dir); code != 0 {
		t.Fatalf("first load: exit %d, %s", code, stderr)
	}
	t.Setenv(ingest.KeyEnv, "the second real key, long enough")
	more := ledgers(t, map[string]string{"cases.csv": "case_id,unit_id,filed_on\nK1,510101,2016-01-01\n"})
	code, _, stderr := runCLI(t, "ingest", "--db", db, more)
	if code != 1 || !strings.Contains(stderr, privacy.Fingerprint("the first real key, long enough")) ||
		!strings.Contains(stderr, privacy.Fingerprint("the second real key, long enough")) {
		t.Errorf("another key: exit %d, %s; want 1 naming both fingerprints", code, stderr)
	}
	if n := countRows(t, db, "cases"); n != 0 {
		t.Errorf("%d cases loaded with the wrong key", n)
	}
	t.Setenv(ingest.KeyEnv, "")
	code, _, stderr = runCLI(t, "ingest", "--db", db, "--insecure-test-key", more)
	if code != 1 || !strings.Contains(stderr, "insecure test key") {
		t.Errorf("the test key on a real key's database: exit %d, %s", code, stderr)
	}
	fresh := filepath.Join(t.TempDir(), "fresh.duckdb")
	code, _, stderr = runCLI(t, "run", "--db", fresh, "--in", dir, "--out", t.TempDir())
	if code != 1 || !strings.Contains(stderr, ingest.KeyEnv) {
		t.Errorf("run without a key: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		if n := countRows(t, fresh, "units"); n != 0 {
			t.Errorf("run without a key loaded %d units", n)
		}
	}
}

func countRows(t *testing.T, path, table string) int {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNoClearIDOnScreen: a file named with a resident ID, with an unknown
// header and values holding one: neither the summary, the log nor an
// error shows it.
func TestNoClearIDOnScreen(t *testing.T) {
	id := testID("51010419800101001")
	db := filepath.Join(t.TempDir(), "m.duckdb")
	dir := ledgers(t, map[string]string{"units.csv": testUnits,
		"cases_" + id + ".csv": "case_id,unit_id,filed_on,备注" + id + "\nK1,510101," + id + ",x\n"})
	var out, errb bytes.Buffer
	code := exitCode(run(context.Background(), []string{"ingest", "--db", db, "--log-format", "json", dir}, &out, &errb), &errb)
	if code != 1 { // the only row is rejected
		t.Errorf("exit %d, want 1", code)
	}
	if all := out.String() + errb.String(); strings.Contains(all, id) || !strings.Contains(all, privacy.Mask(id)) {
		t.Errorf("the ID shown in clear, or not at all:\n%s", all)
	}
}

// TestExportNeverClobbers: export refuses to write over the database, its
// WAL, through a link, over a folder; over an earlier export only with
// --force.
func TestExportNeverClobbers(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.duckdb")
	data := ledgers(t, map[string]string{"units.csv": testUnits, "cases.csv": "case_id,unit_id,filed_on\nK1,510199,2016-01-01\nK2,510101,2016-01-01\n"})
	runCLI(t, "ingest", "--db", db, data)
	before := countRows(t, db, "units")
	target := filepath.Join(dir, "target.txt")
	writeTestFile(t, target, "keep me")
	link := filepath.Join(dir, "link.csv")
	os.Symlink(target, link)
	prev := filepath.Join(dir, "rejects.csv")
	export := func(out string, more ...string) (int, string) {
		code, _, stderr := runCLI(t, append([]string{"export", "--db", db, "--what", "rejects", "--out", out}, more...)...)
		return code, stderr
	}
	for _, tt := range []struct {
		name, out string
		more      []string
		code      int
	}{
		{"the database", db, []string{"--force"}, 1},
		{"its WAL", db + ".wal", nil, 1},
		{"a link", link, []string{"--force"}, 1},
		{"a folder", dir, nil, 1},
		{"a new file", prev, nil, 0},
		{"an earlier export", prev, nil, 1},
		{"an earlier export, --force", prev, []string{"--force"}, 0},
		{"another kind of file, --force", target, []string{"--force", "--format", "json"}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if code, stderr := export(tt.out, tt.more...); code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, stderr)
			}
		})
	}
	if n := countRows(t, db, "units"); n != before {
		t.Errorf("units %d, before %d: the database was written over", n, before)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Errorf("the link's target became %q", b)
	}
}

// TestReportNeverClobbers: a report page that is not one (here the
// database itself, named index.html) is not written over.
func TestReportNeverClobbers(t *testing.T) {
	scored := scoreDB(t)
	if code, _, stderr := runCLI(t, "score", "--db", scored, "--allow-stale", "--as-of", "2017-05-31"); code != 0 {
		t.Fatalf("score: %s", stderr)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "index.html")
	if err := os.Rename(scored, db); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "report", "--db", db, "--out", dir)
	if code != 1 || !strings.Contains(stderr, "holds something else") {
		t.Errorf("exit %d, %s; want 1", code, stderr)
	}
	if n := countRows(t, db, "units"); n != 9 {
		t.Errorf("%d units: the database was written over", n)
	}
}
