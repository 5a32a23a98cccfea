// Package store opens microrisk's DuckDB database: one embedded file per
// deployment. It sets DuckDB up for machines with no network, creates the
// schema declared in model, and keeps the file private to its owner.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver
	"github.com/microrisk/microrisk/model"
)

// ErrLocked reports that another process holds the database open.
var ErrLocked = errors.New("database is locked by another microrisk run")

// offline turns off DuckDB's extension auto-install and auto-load: on an
// air-gapped machine they would try the network. Nothing microrisk does needs
// an extension that is not bundled.
var offline = []string{
	"SET autoinstall_known_extensions = false",
	"SET autoload_known_extensions = false",
}

// Open opens (creating if needed) the database at path, applies the offline
// settings and creates the schema. An empty path opens an in-memory
// database. The file and its WAL are made readable by the owner only.
func Open(ctx context.Context, path string) (*sql.DB, error) {
	old := setUmask()
	db, err := sql.Open("duckdb", path)
	if err == nil {
		err = db.PingContext(ctx)
	}
	restoreUmask(old)
	if err != nil {
		if db != nil {
			db.Close()
		}
		if isLockError(err) {
			return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// One connection keeps session settings and temp tables in one place;
	// DuckDB parallelises inside each query.
	db.SetMaxOpenConns(1)
	setup := append(offline, fmt.Sprintf("SET memory_limit = '%s'", memoryLimit()))
	if path != "" {
		// DuckDB spills past memory_limit into this folder; ledger data is
		// in it, so it is the owner's only.
		tmp := path + ".tmp"
		if err := os.MkdirAll(tmp, 0o700); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		if err := removeWorkFiles(tmp); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		setup = append(setup, fmt.Sprintf("SET temp_directory = '%s'", strings.ReplaceAll(tmp, "'", "''")))
	}
	for _, q := range append(setup, model.SchemaSQL()...) {
		if _, err := db.ExecContext(ctx, q); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: schema: %w", path, err)
		}
	}
	if path != "" {
		for _, f := range []string{path, path + ".wal"} {
			if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
				db.Close()
				return nil, fmt.Errorf("open %s: %w", path, err)
			}
		}
	}
	return db, nil
}

// WorkFilePrefix starts the names of the working files and folders other
// packages keep in the database's temporary folder (WorkDir): ingest's
// files of a CSV file's records, a worksheet's CSV, a workbook's unpacked
// parts, an Arrow file's Parquet copy, all holding ledger values in clear.
// Open removes any such file it finds there: holding the database's lock,
// it knows that they were left behind by a run that was killed.
const WorkFilePrefix = "microrisk-"

// WorkDir returns the folder for working files that hold ledger data: the
// database's own temporary folder, readable by the owner only, or, for an
// in-memory database, the system's temporary folder.
func WorkDir(ctx context.Context, db *sql.DB) string {
	var dir string
	if err := db.QueryRowContext(ctx, `SELECT current_setting('temp_directory')`).Scan(&dir); err != nil || dir == "" {
		return os.TempDir()
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return os.TempDir()
	}
	return dir
}

// removeWorkFiles removes the working files and folders a killed run left
// in dir.
func removeWorkFiles(dir string) error {
	left, err := filepath.Glob(filepath.Join(dir, WorkFilePrefix+"*"))
	if err != nil {
		return err
	}
	for _, f := range left {
		if err := os.RemoveAll(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// MemoryLimitEnv names the environment variable that sets how much memory
// DuckDB may use (DuckDB's syntax: "800MB", "4GB"). Past it DuckDB spills to
// a temporary folder beside the database rather than growing.
const MemoryLimitEnv = "MICRORISK_MEMORY_LIMIT"

// DefaultMemoryLimit keeps a batch job, DuckDB and Go together, under about
// 1 GiB, on the smallest machines a commission runs it on; DuckDB's own
// default is 80% of the machine's memory.
const DefaultMemoryLimit = "500MB"

func memoryLimit() string {
	if v := os.Getenv(MemoryLimitEnv); v != "" && !strings.ContainsAny(v, "'\\;") {
		return v
	}
	return DefaultMemoryLimit
}

func isLockError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Could not set lock") || strings.Contains(s, "Conflicting lock")
}

// ErrNoRun reports a database with no scoring run yet.
var ErrNoRun = errors.New("no scoring run in the database: run 'microrisk score' first")

// LatestRun returns the id of the most recent scoring run.
func LatestRun(ctx context.Context, db *sql.DB) (string, error) {
	var id string
	err := db.QueryRowContext(ctx, `SELECT run_id FROM runs ORDER BY created_at DESC, run_id DESC LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNoRun
	}
	return id, err
}

// ResolveRun returns id if it names a run, or the latest run when id is empty.
func ResolveRun(ctx context.Context, db *sql.DB, id string) (string, error) {
	if id == "" {
		return LatestRun(ctx, db)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM runs WHERE run_id = ?`, id).Scan(&n); err != nil {
		return "", err
	}
	if n == 0 {
		return "", fmt.Errorf("no run %q in the database", id)
	}
	return id, nil
}
