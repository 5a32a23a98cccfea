package ingest

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/microrisk/microrisk/store"
)

// TestKillMidLoad ingests a large file in a child process, kills it with
// SIGKILL part way, and checks that the database holds nothing of that file;
// a re-run then loads it exactly once.
func TestKillMidLoad(t *testing.T) {
	if os.Getenv("INGEST_KILL_CHILD") != "" {
		killChild()
		return
	}
	if testing.Short() {
		t.Skip("kill test writes a large file")
	}
	dir := t.TempDir()
	units, payments, rows := writePayments(t, dir, 400_000)
	path := filepath.Join(dir, "kill.duckdb")
	for attempt, delay := range []time.Duration{300 * time.Millisecond, 100 * time.Millisecond, 30 * time.Millisecond} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillMidLoad$")
		cmd.Env = append(os.Environ(), "INGEST_KILL_CHILD=1", "KILL_DB="+path, "KILL_UNITS="+units, "KILL_PAYMENTS="+payments)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() && sc.Text() != "loading" {
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		work := filepath.Join(path+".tmp", store.WorkFilePrefix+"*")
		before, _ := filepath.Glob(work)
		n, batches := paymentsState(t, path)
		// Reopening the database removed the killed run's numbered copy,
		// which holds the file's identifiers in clear.
		if left, _ := filepath.Glob(work); len(left) > 0 {
			t.Fatalf("after kill and reopen: work files left behind: %v", left)
		}
		t.Logf("work files after the kill: %d; after reopening: 0", len(before))
		if n != 0 && n != rows {
			t.Fatalf("after kill: %d payments rows, want 0 or all %d", n, rows)
		}
		if (n == rows) != (batches == 1) {
			t.Fatalf("after kill: %d rows but %d payments batches", n, batches)
		}
		if n == 0 {
			t.Logf("killed mid-load after %v (attempt %d): nothing partial", delay, attempt+1)
			break
		}
		t.Logf("the load finished within %v; trying an earlier kill", delay)
		os.Remove(path)
		os.Remove(path + ".wal")
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Key: InsecureTestKey}
	if _, err := Load(context.Background(), db, []string{units, payments}, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(context.Background(), db, []string{units, payments}, opts); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if n, batches := paymentsState(t, path); n != rows || batches != 1 {
		t.Fatalf("after two re-runs: %d rows in %d batches, want %d in 1", n, batches, rows)
	}
}

func killChild() {
	ctx := context.Background()
	db, err := store.Open(ctx, os.Getenv("KILL_DB"))
	if err != nil {
		os.Exit(3)
	}
	opts := Options{Key: InsecureTestKey}
	if _, err := LoadFile(ctx, db, os.Getenv("KILL_UNITS"), opts); err != nil {
		os.Exit(4)
	}
	fmt.Println("loading")
	LoadFile(ctx, db, os.Getenv("KILL_PAYMENTS"), opts)
	os.Exit(0)
}

func paymentsState(t *testing.T, path string) (rows, batches int64) {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM payments), (SELECT count(*) FROM batches WHERE ledger = 'payments')`).Scan(&rows, &batches); err != nil {
		t.Fatal(err)
	}
	return rows, batches
}

// writePayments writes a units file and a payments file of n rows.
func writePayments(t testing.TB, dir string, n int64) (units, payments string, rows int64) {
	t.Helper()
	units = filepath.Join(dir, "units.csv")
	payments = filepath.Join(dir, "payments.csv")
	if err := os.WriteFile(units, []byte("unit_id,name,level,parent_id\n51,市,city,\n5101,村,village,51\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows = n
	_, err = db.Exec(fmt.Sprintf(`COPY (SELECT 'P' || i AS payment_id, '5101' AS unit_id, 'dibao' AS program,
  '510104198001010014' AS payee_id, (i %% 997) + 0.5 AS amount_yuan, DATE '2016-01-01' + CAST(i %% 500 AS INTEGER) AS paid_on,
  '张三' AS payee_name, '6228480000' || lpad(CAST(i %% 1000000 AS VARCHAR), 9, '0') AS account_no
  FROM range(%d) r(i)) TO '%s' (HEADER)`, rows, payments))
	if err != nil {
		t.Fatal(err)
	}
	return units, payments, rows
}
