package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/store"
)

// reportDB creates a database file with one run and one scored unit.
func reportDB(t *testing.T, withRun bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.duckdb")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if withRun {
		for _, q := range []string{
			`INSERT INTO units (unit_id, name, level, parent_id, kind, population, staff, _batch, _row) VALUES ('C', '市', 'city', NULL, NULL, NULL, NULL, 1, 1),
			 ('D', '区', 'district', 'C', NULL, NULL, 10, 1, 2), ('T', '镇', 'township', 'D', NULL, NULL, 5, 1, 3)`,
			`INSERT INTO runs VALUES ('run-1', DATE '2017-05-31', TIMESTAMP '2017-06-01 00:00:00', '', 'test', '[]')`,
			`INSERT INTO scores (run_id, unit_id, score, rank, band, reasons_zh, reasons_en) VALUES ('run-1', 'T', 77.5, 1, 'high', '原因', 'reason')`,
		} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
	}
	return path
}

func TestReportCommand(t *testing.T) {
	ctx := context.Background()
	withRun, noRun := reportDB(t, true), reportDB(t, false)
	out := filepath.Join(t.TempDir(), "reports")
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"writes the pages", []string{"report", "--db", withRun, "--out", out, "--lang", "en"}, 0, "wrote 9 pages for run run-1 (as of 2017-05-31)", ""},
		{"a named run", []string{"report", "--db", withRun, "--out", out, "--run", "run-1"}, 0, "run-1", ""},
		{"an unknown run", []string{"report", "--db", withRun, "--out", out, "--run", "nope"}, 1, "", "nope"},
		{"no run yet", []string{"report", "--db", noRun, "--out", out}, 1, "", "microrisk score"},
		{"no database", []string{"report", "--db", filepath.Join(t.TempDir(), "none.duckdb"), "--out", out}, 1, "", "none.duckdb"},
		{"no --out", []string{"report", "--db", withRun}, 2, "", "--out is required"},
		{"bad --lang", []string{"report", "--db", withRun, "--out", out, "--lang", "fr"}, 2, "", "--lang"},
		{"stray argument", []string{"report", "--db", withRun, "--out", out, "extra"}, 2, "", "extra"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := exitCode(run(ctx, tt.args, &stdout, &stderr), &stderr)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stdout %q, stderr %q; want %q and %q", stdout.String(), stderr.String(), tt.stdout, tt.stderr)
			}
		})
	}
	for _, f := range []string{"index.html", "planner.html", "unit.html", "quality.html", "data/units.js", "lib/microrisk.js"} {
		fi, err := os.Stat(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", f, fi.Mode().Perm())
		}
	}
}
