package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDiffAndWorklists: diff of two runs of the same data and
// configuration says "no change"; of runs four months apart it lists the
// units that moved with their contributions; bad usage exits 2; the work
// lists are one workbook per owner.
func TestDiffAndWorklists(t *testing.T) {
	db := scoreDB(t)
	runID := regexp.MustCompile(`run (\S+)`)
	score := func(asOf string) string {
		t.Helper()
		code, stdout, stderr := runCLI(t, "score", "--db", db, "--as-of", asOf, "--allow-stale")
		if code != 0 {
			t.Fatalf("score: %s", stderr)
		}
		return runID.FindStringSubmatch(stdout)[1]
	}
	a, b := score("2017-05-31"), score("2017-05-31")
	code, stdout, stderr := runCLI(t, "diff", "--db", db, a, b)
	if code != 0 || !strings.Contains(stdout, "no change: all 6 units have the same rank and band") {
		t.Errorf("same data and config: exit %d\n%s%s", code, stdout, stderr)
	}
	c := score("2019-06-30") // V0's cases have left the window
	code, stdout, stderr = runCLI(t, "diff", "--db", db, "--min-rank", "0", a, c)
	if code != 0 || !strings.Contains(stdout, "the windows moved by 760 days") || !strings.Contains(stdout, "村0") ||
		!strings.Contains(stdout, "cases_eb_rate") || !strings.Contains(stdout, "no longer flagged") {
		t.Errorf("two years apart: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, args := range [][]string{
		{"diff", "--db", db, a},
		{"diff", "--db", db, "--min-rank", "-1", a, b},
		{"export", "--db", db, "--what", "worklists", "--format", "csv", "--out", t.TempDir()},
		{"export", "--db", db, "--what", "worklists,targets", "--format", "xlsx", "--out", t.TempDir()},
	} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := runCLI(t, "diff", "--db", db, a, "nope"); code != 1 || !strings.Contains(stderr, "nope") {
		t.Errorf("unknown run: exit %d, %s", code, stderr)
	}

	if code, _, stderr := runCLI(t, "plan", "--db", db, "--run", a, "--brief"); code != 0 {
		t.Fatalf("plan: %s", stderr)
	}
	dir := filepath.Join(t.TempDir(), "lists")
	code, stdout, stderr = runCLI(t, "export", "--db", db, "--run", a, "--what", "worklists", "--format", "xlsx", "--out", dir)
	if code != 0 {
		t.Fatalf("worklists: %s", stderr)
	}
	files, _ := os.ReadDir(dir)
	var names []string
	for _, f := range files {
		names = append(names, f.Name())
	}
	// Tours go to the districts' commissions; V0's reminder (a village) to
	// its township's committee, and with no township in this city, to its
	// district's.
	if strings.Join(names, " ") != "一区纪委监委.xlsx 二区纪委监委.xlsx" || !strings.Contains(stdout, "wrote 2 work lists") {
		t.Errorf("work lists %v\n%s", names, stdout)
	}
}
