package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestOpenCreatesPrivateFileWithSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.duckdb")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_name IN ('cases','scores','rejects')`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("schema tables: %d, %v", n, err)
	}
	var auto string
	if err := db.QueryRow(`SELECT current_setting('autoinstall_known_extensions')::VARCHAR`).Scan(&auto); err != nil || auto != "false" {
		t.Fatalf("autoinstall_known_extensions = %q, %v", auto, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("database mode %v is readable by others", fi.Mode().Perm())
	}
}

// TestLockedDatabase opens the file from a second process, as a second run
// would, and expects ErrLocked.
func TestLockedDatabase(t *testing.T) {
	if os.Getenv("STORE_HOLD") != "" {
		db, err := Open(context.Background(), os.Getenv("STORE_HOLD"))
		if err != nil {
			os.Exit(3)
		}
		defer db.Close()
		os.Stdout.WriteString("ready\n")
		var b [1]byte
		os.Stdin.Read(b[:])
		return
	}
	path := filepath.Join(t.TempDir(), "m.duckdb")
	cmd := exec.Command(os.Args[0], "-test.run=TestLockedDatabase")
	cmd.Env = append(os.Environ(), "STORE_HOLD="+path)
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	if _, err := out.Read(buf); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path)
	stdin.Close()
	cmd.Wait()
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
}

func TestSpillFolderIsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.duckdb")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fi, err := os.Stat(path + ".tmp")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("spill folder mode %v is open to others", fi.Mode().Perm())
	}
	var dir string
	if err := db.QueryRow(`SELECT current_setting('temp_directory')`).Scan(&dir); err != nil || dir != path+".tmp" {
		t.Errorf("temp_directory = %q, %v", dir, err)
	}
}

func TestOpenRemovesLeftWorkFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.duckdb")
	if err := os.MkdirAll(path+".tmp", 0o700); err != nil {
		t.Fatal(err)
	}
	left := filepath.Join(path+".tmp", WorkFilePrefix+"123.csv")
	other := filepath.Join(path+".tmp", "notes.txt")
	for _, f := range []string{left, other} {
		if err := os.WriteFile(f, []byte("510104198001010014\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a killed run's work file is still there: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another file was removed: %v", err)
	}
	if dir := WorkDir(context.Background(), db); dir != path+".tmp" {
		t.Errorf("WorkDir = %q, want %q", dir, path+".tmp")
	}
	mem, err := Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if fi, err := os.Stat(WorkDir(context.Background(), mem)); err != nil || !fi.IsDir() {
		t.Errorf("in-memory WorkDir: %v", err)
	}
}

func TestDataEnds(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ends, err := DataEnds(ctx, db)
	if err != nil || len(ends) != 0 {
		t.Fatalf("empty database: %v, %v", ends, err)
	}
	for _, q := range []string{
		`INSERT INTO cases (case_id, unit_id, filed_on, _batch, _row) VALUES ('c', 'u', DATE '2017-05-02', 1, 2)`,
		`INSERT INTO payments (payment_id, unit_id, program, payee_id, amount_yuan, paid_on, _batch, _row) VALUES ('p', 'u', 'x', 'p_', 1, DATE '2017-05-30', 1, 2)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	ends, err = DataEnds(ctx, db)
	if err != nil || len(ends) != 2 || ends[0].Ledger != "payments" || ends[0].Last.Format("2006-01-02") != "2017-05-30" || ends[1].Column != "filed_on" {
		t.Errorf("DataEnds = %+v, %v", ends, err)
	}
}
