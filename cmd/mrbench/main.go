// Command mrbench measures microrisk's ingest against DuckDB's own
// read_csv on the same file in the same run: rows/s, wall time and peak
// memory (the child process's maximum resident set size).
//
// It writes a payments ledger of -rows rows (UTF-8 CSV, the same rows in
// GB18030, and the first -xlsx-rows rows as an XLSX workbook) and then runs,
// each in a fresh child process with a fresh database:
//
//	duckdb   CREATE TABLE t AS SELECT * FROM read_csv('payments.csv')
//	utf8     microrisk ingest of payments.csv
//	gbk      microrisk ingest of the GB18030 file
//	xlsx     microrisk ingest of the workbook
//	duckdb6  DuckDB's read_csv of the first -six-rows rows, six columns
//	six      microrisk ingest of that file: a ledger's usual size, where
//	         fixed costs show
//
// It runs the four cases -runs times, in turn, and reports each case's
// median time, its ratio to DuckDB's median, every run's time (and its
// ratio to DuckDB's run of the same round), and the largest peak memory.
//
// Usage: mrbench [-rows 10000000] [-xlsx-rows 300000] [-six-rows 3000000] [-runs 3] [-dir DIR]
package main

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/microrisk/microrisk/ingest"
	"github.com/microrisk/microrisk/store"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mrbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "-child" {
		return child(ctx, args[1:])
	}
	fs := flag.NewFlagSet("mrbench", flag.ContinueOnError)
	rows := fs.Int("rows", 10_000_000, "payments rows in the CSV files")
	xlsxRows := fs.Int("xlsx-rows", 300_000, "payments rows in the XLSX workbook")
	dir := fs.String("dir", filepath.Join(os.TempDir(), "mrbench"), "working folder")
	runs := fs.Int("runs", 3, "rounds of measurements (each case once per round)")
	sixRows := fs.Int("six-rows", 3_000_000, "rows of the payments file of six columns (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		return err
	}
	// The data is written by a child process: Linux carries a parent's
	// peak RSS over into its children, so the parent must stay small for
	// the children's peaks to mean anything.
	start := time.Now()
	files := dataFiles(*dir)
	if err := runChild(ctx, "gen", *dir, strconv.Itoa(*rows), strconv.Itoa(*xlsxRows), strconv.Itoa(*sixRows)); err != nil {
		return fmt.Errorf("write data: %w", err)
	}
	fmt.Fprintf(out, "data: %d rows CSV (UTF-8 and GB18030), %d rows XLSX, %d rows of six columns, written in %.1fs to %s\n\n",
		*rows, *xlsxRows, *sixRows, time.Since(start).Seconds(), *dir)
	// base is the case of DuckDB's own read_csv of the same file, -1 for
	// none.
	cases := []struct {
		name, file string
		base       int
	}{
		{"duckdb", files.utf8, -1}, {"utf8", files.utf8, 0}, {"gbk", files.gbk, 0}, {"xlsx", files.xlsx, -1},
	}
	if *sixRows > 0 {
		cases = append(cases, struct {
			name, file string
			base       int
		}{"duckdb6", files.six, -1}, struct {
			name, file string
			base       int
		}{"six", files.six, len(cases)})
	}
	// Rounds run every case once, in turn, so that the machine's drift
	// touches each case alike; the table gives each case's median.
	all := make([][]measurement, len(cases))
	for round := range *runs {
		for i, c := range cases {
			m, err := measure(ctx, *dir, c.name, c.file, files.units)
			if err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			all[i] = append(all[i], m)
			fmt.Fprintf(out, "round %d: %-8s %8.2fs %8.0f MiB\n", round+1, c.name, m.seconds, m.peakMiB)
		}
	}
	fmt.Fprintf(out, "\nmedian of %d runs\n%-8s %12s %10s %14s %12s %10s   %s\n", *runs, "case", "rows", "seconds", "rows/s", "peak MiB", "vs duckdb", "each run (s)")
	for i, c := range cases {
		m := median(all[i])
		vsDuckDB := c.base >= 0 // the same rows as DuckDB's case
		ratio := "-"
		if base := 0.0; vsDuckDB {
			if base = median(all[c.base]).seconds; base > 0 {
				ratio = fmt.Sprintf("%.2f×", m.seconds/base)
			}
		}
		var each []string
		for j, r := range all[i] {
			e := fmt.Sprintf("%.2f", r.seconds)
			if vsDuckDB {
				e += fmt.Sprintf(" (%.2f×)", r.seconds/all[c.base][j].seconds)
			}
			each = append(each, e)
		}
		fmt.Fprintf(out, "%-8s %12d %10.2f %14.0f %12.0f %10s   %s\n", c.name, m.rows, m.seconds, float64(m.rows)/m.seconds, m.peakMiB,
			ratio, strings.Join(each, ", "))
	}
	return nil
}

// median returns the run of median time, with the largest peak memory of
// all the runs.
func median(ms []measurement) measurement {
	s := slices.Clone(ms)
	slices.SortFunc(s, func(a, b measurement) int { return cmp.Compare(a.seconds, b.seconds) })
	m := s[len(s)/2]
	for _, r := range ms {
		m.peakMiB = max(m.peakMiB, r.peakMiB)
	}
	return m
}

type measurement struct {
	rows    int64
	seconds float64
	peakMiB float64
}

// runChild runs this program with -child args, its output to stderr.
func runChild(ctx context.Context, args ...string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, self, append([]string{"-child"}, args...)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// measure runs one case in a child process and reads its timing from
// stdout and its peak memory from the kernel's accounting.
func measure(ctx context.Context, dir, name, file, units string) (measurement, error) {
	db := filepath.Join(dir, name+".duckdb")
	for _, f := range []string{db, db + ".wal"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return measurement{}, err
		}
	}
	// The data files and the previous case's database are written back to
	// disk first, so that no case pays for another's writes.
	syscall.Sync()
	self, err := os.Executable()
	if err != nil {
		return measurement{}, err
	}
	cmd := exec.CommandContext(ctx, self, "-child", name, file, units, db)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return measurement{}, err
	}
	var m measurement
	if _, err := fmt.Sscan(string(b), &m.rows, &m.seconds); err != nil {
		return m, fmt.Errorf("child said %q: %w", b, err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.peakMiB = float64(ru.Maxrss) / 1024 // Linux reports KiB
	}
	return m, nil
}

// child runs one case and prints "rows seconds". For the ingest cases the
// units ledger is loaded first and not timed.
func child(ctx context.Context, args []string) error {
	if len(args) == 5 && args[0] == "gen" {
		rows, err1 := strconv.Atoi(args[2])
		xrows, err2 := strconv.Atoi(args[3])
		six, err3 := strconv.Atoi(args[4])
		if err := errors.Join(err1, err2, err3); err != nil {
			return err
		}
		return writeData(args[1], rows, xrows, six)
	}
	if len(args) != 4 {
		return errors.New("usage: mrbench -child CASE FILE UNITS DB")
	}
	name, file, units, path := args[0], args[1], args[2], args[3]
	if name == "duckdb" || name == "duckdb6" {
		db, err := sql.Open("duckdb", path)
		if err != nil {
			return err
		}
		defer db.Close()
		start := time.Now()
		if _, err := db.ExecContext(ctx, "CREATE TABLE t AS SELECT * FROM read_csv('"+file+"')"); err != nil {
			return err
		}
		secs := time.Since(start).Seconds()
		var n int64
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil {
			return err
		}
		fmt.Println(n, secs)
		return nil
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	opts := ingest.Options{Key: ingest.InsecureTestKey}
	if _, err := ingest.LoadFile(ctx, db, units, opts); err != nil {
		return err
	}
	opts.Table = "payments"
	start := time.Now()
	res, err := ingest.LoadFile(ctx, db, file, opts)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	var n int64
	for _, r := range res {
		if r.Read != r.Loaded {
			return fmt.Errorf("%s: read %d, loaded %d, rejected %d", file, r.Read, r.Loaded, r.Rejected)
		}
		n += r.Loaded
	}
	fmt.Println(n, secs)
	return nil
}
