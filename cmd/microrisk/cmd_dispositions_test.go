package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/store"
)

// TestDispositionsLoop: dispositions of a run's targets load with their
// Chinese headers; one for an unknown target, an impossible date, an
// unknown result, a decision before the proposal, or another unit's target
// is a reject with its reason; a file loaded twice, or its rows again in
// another file, counts once; the outcomes and the next plan read them.
func TestDispositionsLoop(t *testing.T) {
	db := scoreDB(t)
	for _, args := range [][]string{
		{"score", "--db", db, "--as-of", "2017-05-31", "--allow-stale"},
		{"plan", "--db", db},
	} {
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	target := "reminder-20170531-V0" // V0 has 12 cases in one domain
	dir := t.TempDir()
	csv := "处置编号,处置日期,核查结论,对象编号,预警编号,单位编码,追缴挽回金额（万元）,处理人数\n" +
		"D1,2017年7月1日,属实," + target + ",,,1.2,2\n" + // kept: 12,000 yuan
		"D2,2017-07-02,不属实,tour-20170531-NOPE,,,,\n" + // unknown target
		"D3,2017-02-30,属实," + target + ",,,,\n" + // no such day
		"D4,2017-07-03,大概," + target + ",,,,\n" + // unknown result
		"D5,2017-05-01,属实," + target + ",,,,\n" + // before the proposal
		"D6,2017-07-05,属实," + target + ",,V1,,\n" + // another unit's target
		"D7,2017-07-06,部分属实,,,V3,,\n" + // a unit: kept
		"D8,2017-07-07,属实,,,,,\n" // names nothing
	path := filepath.Join(dir, "dispositions_2017-07.csv")
	writeTestFile(t, path, csv)
	code, stdout, stderr := runCLI(t, "ingest", "--db", db, path)
	if code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	if !strings.Contains(stdout, "dispositions: 4 moved to rejects") {
		t.Errorf("ingest output:\n%s", stdout)
	}
	// Loaded again: skipped; the same dispositions in another file with a
	// new one: only the new one loads.
	lines := strings.Split(csv, "\n")
	again := filepath.Join(dir, "dispositions_copy.csv")
	writeTestFile(t, again, lines[0]+"\n"+lines[1]+"\n"+lines[7]+"\nD9,2017-07-09,未核查,,,V2,,\n")
	for _, p := range []string{path, again} {
		if code, _, stderr := runCLI(t, "ingest", "--db", db, p); code != 0 {
			t.Fatalf("ingest again: %s", stderr)
		}
	}
	conn, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	var kept int
	var money float64
	conn.QueryRow(`SELECT count(*), sum(money_recovered_yuan) FROM dispositions`).Scan(&kept, &money)
	if kept != 3 || money != 12000 {
		t.Errorf("%d dispositions kept (%v yuan), want D1, D7 and D9 (12000)", kept, money)
	}
	reasons := map[string]string{}
	rows, err := conn.Query(`SELECT r."row", r.reason FROM rejects r JOIN batches b USING (batch_id)
		WHERE r.ledger = 'dispositions' AND b.file LIKE '%dispositions_2017-07.csv'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var row, reason string
		rows.Scan(&row, &reason)
		reasons[row] = reason
	}
	rows.Close()
	for row, want := range map[string]string{
		"3": "unknown target", "4": "not a valid date", "5": "not one of confirmed", "6": "decided before the target was proposed",
		"7": "the target is of unit V0", "9": "names no target, flag or unit",
	} {
		if !strings.Contains(reasons[row], want) {
			t.Errorf("row %s: reason %q, want %q", row, reasons[row], want)
		}
	}
	var read, loaded, rejected int
	conn.QueryRow(`SELECT rows_read, rows_loaded, rows_rejected FROM batches WHERE file LIKE '%dispositions_2017-07.csv'`).Scan(&read, &loaded, &rejected)
	if read != 8 || loaded != 2 || rejected != 6 {
		t.Errorf("batch counts read %d, loaded %d, rejected %d", read, loaded, rejected)
	}
	var dup int
	conn.QueryRow(`SELECT count(*) FROM rejects r JOIN batches b USING (batch_id) WHERE b.file LIKE '%dispositions_copy.csv'`).Scan(&dup)
	conn.Close()
	if dup != 2 {
		t.Errorf("%d of the copy's rows rejected, want D1 and D7 (loaded before)", dup)
	}

	// A run after the check: the reminder to V0 and the tour of V3 (D7
	// names only V3: it judges V3's tour, its latest target) are under
	// rectification.
	for _, args := range [][]string{
		{"score", "--db", db, "--as-of", "2017-08-31", "--allow-stale"},
		{"plan", "--db", db, "--brief"},
	} {
		code, stdout, stderr = runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	if !strings.Contains(stdout, "under_rectification 2") {
		t.Errorf("plan after the disposition:\n%s", stdout)
	}
	code, stdout, stderr = runCLI(t, "outcomes", "--db", db)
	if code != 0 || !strings.Contains(stdout, "3 judged") || !strings.Contains(stdout, "found (confirmed or partly): 2 of 2 checked") {
		t.Errorf("outcomes: exit %d\n%s%s", code, stdout, stderr)
	}
	// Re-fitted weights are used only when asked for, and only with
	// enough outcomes.
	refit := filepath.Join(dir, "refit.toml")
	writeTestFile(t, refit, "[outcomes]\nrefit = true\n")
	code, _, stderr = runCLI(t, "score", "--db", db, "--as-of", "2017-08-31", "--allow-stale", "--config", refit)
	if code != 1 || !strings.Contains(stderr, "outcomes.refit: too few outcomes") {
		t.Errorf("score with refit on 2 outcomes: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
}
