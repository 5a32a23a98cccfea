package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/store"
)

// scoreDB creates a database file with a small city: two districts, six
// villages, cases in one of them and tours on record.
func scoreDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.duckdb")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	qs := []string{
		`INSERT INTO units (unit_id, name, level, parent_id, kind, population, staff, _batch, _row) VALUES ('C', '市', 'city', NULL, NULL, NULL, NULL, 1, 1),
		 ('D1', '一区', 'district', 'C', NULL, NULL, NULL, 1, 2), ('D2', '二区', 'district', 'C', NULL, NULL, NULL, 1, 3)`,
	}
	for i := 0; i < 6; i++ {
		qs = append(qs, fmt.Sprintf(`INSERT INTO units (unit_id, name, level, parent_id, kind, population, staff, _batch, _row) VALUES ('V%d', '村%d', 'village', 'D%d', 'village', 1000, 10, 1, %d)`, i, i, 1+i%2, 10+i))
	}
	qs = append(qs,
		`INSERT INTO cases (case_id, unit_id, filed_on, domain, _batch, _row)
		 SELECT 'c' || i, 'V0', DATE '2017-01-01' + i::INTEGER, 'benefits', 1, 100 + i FROM range(12) t(i)`,
		`INSERT INTO cases (case_id, unit_id, filed_on, domain, _batch, _row) VALUES ('x1', 'V1', DATE '2016-03-01', 'other', 1, 200)`,
		`INSERT INTO inspections (inspection_id, unit_id, kind, start_on, _batch, _row)
		 SELECT 'i' || i, 'V' || i, 'routine_tour', DATE '2014-01-01', 1, 300 + i FROM range(6) t(i)`,
	)
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return path
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = exitCode(run(context.Background(), args, &out, &errb), &errb)
	return code, out.String(), errb.String()
}

func TestScoreAndPlanCommands(t *testing.T) {
	db := scoreDB(t)
	badCfg := filepath.Join(t.TempDir(), "bad.toml")
	writeTestFile(t, badCfg, "[tours]\nteams = 0\n")
	for _, tt := range []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"score", []string{"score", "--db", db, "--as-of", "2017-05-31", "--allow-stale"}, 0, "run 20170531-", ""},
		{"score lists the riskiest", []string{"score", "--db", db, "--as-of", "2017-05-31", "--allow-stale"}, 0, "12 cases in 24 months", ""},
		{"as of the end of the data's last month", []string{"score", "--db", db, "--as-of", "2017-01-31"}, 0, "as of 2017-01-31", ""},
		{"as of a date past the data", []string{"score", "--db", db, "--as-of", "2030-01-01"}, 1, "", "past the latest data (cases 2017-01-12"},
		{"default as-of is the latest case", []string{"score", "--db", db}, 0, "as of 2017-01-12", ""},
		{"bad date", []string{"score", "--db", db, "--as-of", "31/05/2017"}, 2, "", "--as-of"},
		{"bad config", []string{"score", "--db", db, "--config", badCfg}, 1, "", "tours.teams"},
		{"missing database", []string{"score", "--db", filepath.Join(t.TempDir(), "none.duckdb")}, 1, "", "none.duckdb"},
		{"stray argument", []string{"score", "--db", db, "extra"}, 2, "", "extra"},
		{"plan the latest run", []string{"plan", "--db", db}, 0, "work reminders: 1", ""},
		{"plan names the reminder", []string{"plan", "--db", db}, 0, "12 cases in benefit policies", ""},
		{"plan an unknown run", []string{"plan", "--db", db, "--run", "nope"}, 1, "", "nope"},
		{"plan bad config", []string{"plan", "--db", db, "--config", badCfg}, 1, "", "tours.teams"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stdout %q, stderr %q; want %q and %q", stdout, stderr, tt.stdout, tt.stderr)
			}
		})
	}
}

func writeTestFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
