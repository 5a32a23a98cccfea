package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/microrisk/microrisk/ingest/csvprep"
	"github.com/microrisk/microrisk/ingest/privacy"
	"github.com/microrisk/microrisk/ingest/xlsx"
	"github.com/microrisk/microrisk/model"
)

// Options control a load.
type Options struct {
	// Table forces the ledger instead of taking it from the file name.
	Table string
	// Key is the pseudonymisation key for person identifiers. Empty means
	// person columns cannot be loaded (ErrNoKey).
	Key string
	// Strict fails the whole file on its first bad row.
	Strict bool
	// Replace lets a changed file replace rows whose key was loaded before.
	Replace bool
	// Encoding forces the text encoding of CSV files ("" detects it).
	Encoding string
	// Sheet loads only this worksheet of a workbook ("" loads every sheet
	// whose header matches a ledger).
	Sheet string
	// Mapping adds header names beyond the model's aliases.
	Mapping Mapping
	// Progress, when a terminal, shows how long loads are going.
	Progress io.Writer
	// Logger receives progress and diagnostics; nil discards them.
	Logger *slog.Logger
	// Now stamps batches; nil means time.Now.
	Now func() time.Time
	// Limits bound what one CSV record, value or header may hold (row and
	// cell sizes apply to workbooks too); the zero value means
	// csvprep.DefaultLimits.
	Limits csvprep.Limits

	// noCleanRecords sends every CSV record through the full SQL path, so
	// that tests can compare the two routes.
	noCleanRecords bool
	// minPartBytes, if set, replaces csvprep's 32 MiB: tests cut small
	// files into parts.
	minPartBytes int64
	// prepassed, if set, is told what a CSV file's pre-pass found.
	prepassed func(path string, s csvprep.Summary)
}

// limits returns the effective limits.
func (o Options) limits() csvprep.Limits {
	if o.Limits == (csvprep.Limits{}) {
		return csvprep.DefaultLimits
	}
	return o.Limits
}

// xlsxLimits are the limits of a workbook: its parts' sizes xlsx's, its
// rows' and cells' the CSV files'.
func (o Options) xlsxLimits() xlsx.Limits {
	l := xlsx.DefaultLimits
	l.MaxCellBytes, l.MaxRowBytes = o.limits().MaxCellBytes, o.limits().MaxRowBytes
	return l
}

// Result is what one file's load did. Read = Loaded + Rejected unless the
// file was skipped.
type Result struct {
	Path         string
	Sheet        string
	Ledger       string
	BatchID      int64
	Encoding     string
	Read         int64
	Loaded       int64
	Rejected     int64
	Replaced     int64
	ExtraColumns []string
	// Skipped is set when the same content was loaded before, as SkippedBy.
	Skipped   bool
	SkippedBy int64
	Seconds   float64
}

// KeyEnv is the environment variable that holds the pseudonymisation key.
const KeyEnv = privacy.KeyEnv

// InsecureTestKey is the fixed key used with --insecure-test-key by the
// demo and the tests. Pseudonyms made with it protect nothing.
const InsecureTestKey = privacy.InsecureTestKey

// ErrNoKey reports pseudonymised columns to load without a key.
var ErrNoKey = privacy.ErrNoKey

// Sentinel errors for files that cannot be read at all.
var (
	ErrNoLedger      = errors.New("no ledger matches")
	ErrMissingColumn = errors.New("required column missing")
	ErrEmptyFile     = errors.New("file is empty")
	ErrStrict        = errors.New("bad row in --strict mode")
)

// FileError is a file that could not be loaded at all. Its message has
// any resident ID number masked (privacy.MaskIDs), in the file's name and
// in whatever the error quotes.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string {
	msg := fmt.Sprintf("ingest %s: %v", e.Path, e.Err)
	if len(msg) > maxMessage { // an error may quote a whole record
		cut := maxMessage
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	return privacy.MaskIDs(msg)
}

// maxMessage bounds an error's message: DuckDB's may quote a line of a
// hostile file, megabytes long.
const maxMessage = 4 << 10

func (e *FileError) Unwrap() error { return e.Err }

// RowError is one bad value: where it is and why it was rejected. It is
// modelled on encoding/csv's ParseError. Its message has any resident ID
// number masked.
type RowError struct {
	File   string
	Sheet  string
	Row    int64 // as the source shows it: in a CSV file the header is row 1
	Column string
	Value  string // as rejects show it: personal data masked
	Err    error
}

func (e *RowError) Error() string {
	where := e.File
	if e.Sheet != "" {
		where += " sheet " + e.Sheet
	}
	return privacy.MaskIDs(fmt.Sprintf("%s row %d column %s (%q): %v", where, e.Row, e.Column, e.Value, e.Err))
}
func (e *RowError) Unwrap() error { return e.Err }

// Load loads every file named by paths (folders are walked), units first so
// that other ledgers can refer to them. Each file loads in its own
// transaction: a failure leaves earlier files loaded and the failed one not
// at all. It returns the results of the files it got to and the first error.
func Load(ctx context.Context, db *sql.DB, paths []string, opts Options) ([]Result, error) {
	files, err := Files(paths, opts.Table)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, f := range files {
		r, err := LoadFile(ctx, db, f, opts)
		out = append(out, r...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// Files expands paths into the ledger files to load, in load order: by
// ledger as model.Ledgers orders them, then by name. A folder contributes
// the files of a known kind whose names start with a ledger's name, and the
// spreadsheets (CSV, XLSX) whose ledger will be recognised by their header,
// which load last. A file named directly is always taken.
func Files(paths []string, table string) ([]string, error) {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, &FileError{Path: p, Err: err}
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, &FileError{Path: p, Err: err}
		}
		for _, e := range entries {
			kind := fileKind(e.Name())
			if e.IsDir() || kind == "" {
				continue
			}
			if hasLedgerName(e.Name()) || table != "" || kind == "csv" || kind == "xlsx" {
				files = append(files, filepath.Join(p, e.Name()))
			}
		}
	}
	order := func(f string) int {
		l, ok := model.LedgerForFile(filepath.Base(f))
		if !ok {
			return len(model.Ledgers)
		}
		for i, m := range model.Ledgers {
			if m == l {
				return i
			}
		}
		return len(model.Ledgers)
	}
	sort.SliceStable(files, func(i, j int) bool {
		oi, oj := order(files[i]), order(files[j])
		if oi != oj {
			return oi < oj
		}
		return files[i] < files[j]
	})
	return files, nil
}

func hasLedgerName(path string) bool {
	_, ok := model.LedgerForFile(filepath.Base(path))
	return ok
}

// ledgerOf resolves the ledger of a file.
func ledgerOf(path, table string) (*model.Ledger, error) {
	if table != "" {
		l, ok := model.LedgerByName(table)
		if !ok {
			return nil, fmt.Errorf("%w: unknown table %q", ErrNoLedger, table)
		}
		return l, nil
	}
	l, ok := model.LedgerForFile(filepath.Base(path))
	if !ok {
		return nil, fmt.Errorf("%w the file name (it must start with one of %s, or give --table)", ErrNoLedger, strings.Join(ledgerNames(), ", "))
	}
	return l, nil
}

func ledgerNames() []string {
	var out []string
	for _, l := range model.Ledgers {
		out = append(out, l.Name)
	}
	return out
}

// fileHash returns the hex SHA-256 of the file's content and its size.
func fileHash(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// loadedBefore returns the batch that loaded the same content (and sheet)
// into the same ledger, at least one row of it, or 0. A file none of whose
// rows loaded was refused, not loaded: it may be loaded again.
func loadedBefore(ctx context.Context, db *sql.DB, ledger, hash, sheet string) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, `SELECT batch_id FROM batches WHERE ledger = ? AND sha256 = ? AND coalesce(sheet, '') = ?
  AND `+model.BatchLoadedSQL+` ORDER BY batch_id LIMIT 1`, ledger, hash, privacy.MaskIDs(sheet)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}
