package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestExitCodes checks the command line's contract: 0 on success, 1 on
// failure, 2 on bad usage.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.duckdb")
	bad := filepath.Join(dir, "notes.csv")
	os.WriteFile(bad, []byte("a,b\n1,2\n"), 0o600)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, 2},
		{"help", []string{"help"}, 0},
		{"unknown command", []string{"frobnicate"}, 2},
		{"command help", []string{"ingest", "-h"}, 0},
		{"unknown flag", []string{"ingest", "--nope", "x"}, 2},
		{"ingest without paths", []string{"ingest", "--db", db}, 2},
		{"ingest a missing file", []string{"ingest", "--db", db, filepath.Join(dir, "cases.csv")}, 1},
		{"ingest a file of no ledger", []string{"ingest", "--db", db, bad}, 1},
		{"export without --out", []string{"export", "--db", db, "--what", "rejects"}, 2},
		{"export a bad format", []string{"export", "--db", db, "--format", "pdf", "--out", "x"}, 2},
		{"export scores before any run", []string{"export", "--db", db, "--out", filepath.Join(dir, "s.csv")}, 1},
		{"export in a bad language", []string{"export", "--db", db, "--lang", "fr", "--out", "x"}, 2},
		{"export two tables to one CSV", []string{"export", "--db", db, "--what", "scores,targets", "--out", "x"}, 2},
		{"run without --in", []string{"run", "--db", db}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, &out, &errOut)
			if got := exitCode(err, &errOut); got != tt.want {
				t.Errorf("microrisk %s: exit %d, want %d (err %v)", strings.Join(tt.args, " "), got, tt.want, err)
			}
		})
	}
}

// TestBatchJob runs the whole batch job on the small world: ingest, score,
// plan and report, then exports scores with DESIGN.md's columns.
func TestBatchJob(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	db := filepath.Join(dir, "m.duckdb")
	ctx := context.Background()
	var out bytes.Buffer
	steps := [][]string{
		{"generate", "--profile", "small", "--seed", "3", "--out", data},
		{"run", "--db", db, "--in", data, "--out", filepath.Join(dir, "reports"), "--as-of", "2017-05-31", "--insecure-test-key"},
		{"export", "--db", db, "--what", "scores", "--format", "csv", "--out", filepath.Join(dir, "scores.csv")},
		{"export", "--db", db, "--what", "scores,targets", "--format", "xlsx", "--out", filepath.Join(dir, "book.xlsx")},
	}
	for _, s := range steps {
		if err := run(ctx, s, &out, &out); err != nil {
			t.Fatalf("microrisk %s: %v\n%s", strings.Join(s, " "), err, out.String())
		}
	}
	for _, page := range []string{"index.html", "planner.html", "quality.html"} {
		fi, err := os.Stat(filepath.Join(dir, "reports", page))
		if err != nil || fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: %v, mode %v", page, err, fi.Mode().Perm())
		}
	}
	f, err := os.Open(filepath.Join(dir, "scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := strings.TrimPrefix(strings.Join(recs[0], ","), "\ufeff")
	for _, col := range []string{"unit_id,name,level,district_id,score,rank,band,reasons", "cases_eb_rate", "cases_funnel_z", "payments_benford_mad", "reports_eb_rate", "leads_open_key", "assets_lease_price_z"} {
		if !strings.Contains(head, col) {
			t.Errorf("scores export header lacks %s: %s", col, head)
		}
	}
	if len(recs) < 100 {
		t.Errorf("scores export has %d rows", len(recs))
	}
	book, err := excelize.OpenFile(filepath.Join(dir, "book.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if sheets := book.GetSheetList(); len(sheets) != 2 || sheets[0] != "风险评分" || sheets[1] != "提醒与巡察对象" {
		t.Errorf("workbook's sheets %q", sheets)
	}
	// A second run of the same folder loads nothing new.
	out.Reset()
	if err := run(ctx, []string{"ingest", "--db", db, "--insecure-test-key", data}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Count(out.String(), "skipped: same content") != 12 {
		t.Errorf("second ingest loaded something:\n%s", out.String())
	}
}
