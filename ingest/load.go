package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/microrisk/microrisk/ingest/csvprep"
	"github.com/microrisk/microrisk/ingest/privacy"
	"github.com/microrisk/microrisk/model"
)

// LoadFile loads one file: each of its tables (a workbook may hold several
// ledgers, one per sheet) in its own transaction, its good rows into the
// ledger's table, its bad rows into rejects, a batches row with the counts.
// A table loaded before (same content, same sheet, same ledger, at least
// one row loaded) is skipped, unless opts.Replace. It returns one Result
// per table.
func LoadFile(ctx context.Context, db *sql.DB, path string, opts Options) ([]Result, error) {
	res, err := loadFile(ctx, db, path, opts)
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) {
			err = &FileError{Path: path, Err: err}
		}
	}
	return res, err
}

func loadFile(ctx context.Context, db *sql.DB, path string, opts Options) ([]Result, error) {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("not a regular file (%v)", fi.Mode().Type())
	case fi.Size() == 0:
		return nil, ErrEmptyFile
	}
	// The content hash decides whether the file was loaded before. Only a
	// file the size of one loaded before can have been: any other starts
	// loading at once, its hash worked out meanwhile (for its batch row).
	hashed := make(chan digest, 1)
	go func() {
		var d digest
		d.hash, d.size, d.err = fileHash(path)
		hashed <- d
	}()
	hash := sync.OnceValues(func() (string, error) {
		d := <-hashed
		if d.err == nil && d.size != fi.Size() {
			d.err = fmt.Errorf("the file changed while it was read (%d bytes, then %d)", fi.Size(), d.size)
		}
		return d.hash, d.err
	})
	seen := false
	if !opts.Replace {
		if seen, err = sizeLoadedBefore(ctx, db, fi.Size()); err != nil {
			return nil, err
		}
	}
	srcs, err := openSources(ctx, db, path, opts)
	defer func() {
		for _, s := range srcs {
			s.cleanup()
		}
	}()
	if seen {
		if _, herr := hash(); herr != nil {
			return nil, herr
		}
	}
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, src := range srcs {
		r, err := loadSource(ctx, db, path, hash, seen, fi.Size(), src, opts)
		if err != nil {
			if src.sheet != "" {
				err = fmt.Errorf("sheet %s: %w", src.sheet, err)
			}
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// digest is a file's content hash and size.
type digest struct {
	hash string
	size int64
	err  error
}

// sizeLoadedBefore reports whether a file of size bytes was loaded before.
func sizeLoadedBefore(ctx context.Context, db *sql.DB, size int64) (bool, error) {
	var n int64
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM batches WHERE bytes = ? AND `+model.BatchLoadedSQL, size).Scan(&n)
	return n > 0, err
}

// loadSource loads one table of a file in one transaction: its ledger,
// plan and protections of personal data are resolved here, once, and
// passed to everything that reads it.
func loadSource(ctx context.Context, db *sql.DB, path string, hash func() (string, error), seen bool, size int64, src *source, opts Options) (Result, error) {
	log := opts.logger()
	shownPath := privacy.MaskIDs(path)
	res := Result{Path: path, Sheet: src.sheet, Encoding: src.encoding}
	l, err := opts.ledgerFor(path, src.headers)
	if err != nil {
		return res, err
	}
	res.Ledger = l.Name
	if seen {
		h, err := hash()
		if err != nil {
			return res, err
		}
		if id, err := loadedBefore(ctx, db, l.Name, h, src.sheet); err != nil {
			return res, err
		} else if id > 0 {
			res.Skipped, res.SkippedBy = true, id
			log.Info("skip table loaded before", "file", shownPath, "sheet", src.sheet, "batch", id)
			return res, nil
		}
	}
	p, err := newPlan(l, src.headers, opts.Mapping)
	if err != nil {
		return res, err
	}
	for _, h := range p.extra {
		res.ExtraColumns = append(res.ExtraColumns, privacy.MaskIDs(h))
	}
	if p.keyed() {
		if err := CheckKey(ctx, db, opts.Key); err != nil {
			return res, err
		}
	}
	pr, err := newProtector(p, opts.Key)
	if err != nil {
		return res, err
	}
	if err := pr.register(ctx, db); err != nil {
		return res, err
	}
	var clean csvprep.Clean
	if src.csv != nil && !opts.noCleanRecords {
		units, err := knownUnits(ctx, db)
		if err != nil {
			return res, err
		}
		clean = p.cleanFor(len(src.headers), units, pr)
	}
	// One connection for the load (the database has one): a CSV file's
	// view of its clean records is the connection's own.
	conn, err := db.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	if src.csv != nil {
		src.run = src.csv.Start(clean)
		defer src.run.Wait(true) // stops the parts if the load failed before it waited
		if rd := src.run.Reader(); rd != nil {
			view, drop, err := registerCleanView(ctx, conn, rd)
			if err != nil {
				return res, err
			}
			defer drop()
			src.view = view
		}
	}
	start := time.Now()
	stop := opts.progress(shownPath, src, start)
	defer stop()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	j := &job{tx: tx, plan: p, src: src, pr: pr, file: path, shownFile: shownPath, opts: opts}
	if err := j.run(ctx, &res); err != nil {
		return res, err
	}
	h, err := hash()
	if err != nil {
		return res, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO batches (batch_id, ledger, file, sheet, sha256, bytes, encoding, rows_read, rows_loaded, rows_rejected, rows_replaced, loaded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, res.BatchID, l.Name, shownPath, nullString(privacy.MaskIDs(src.sheet)), h, size, nullString(res.Encoding),
		res.Read, res.Loaded, res.Rejected, res.Replaced, opts.now().UTC()); err != nil {
		return res, fmt.Errorf("record batch: %w", err)
	}
	for _, h := range res.ExtraColumns {
		if _, err := tx.ExecContext(ctx, `INSERT INTO extra_columns VALUES (?, ?)`, res.BatchID, h); err != nil {
			return res, err
		}
	}
	if p.keyed() && res.Loaded > 0 {
		if err := recordKey(ctx, tx, opts.Key, opts.now()); err != nil {
			return res, err
		}
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("commit: %w", err)
	}
	res.Seconds = time.Since(start).Seconds()
	log.Info("loaded", "file", shownPath, "sheet", privacy.MaskIDs(src.sheet), "ledger", l.Name, "batch", res.BatchID, "read", res.Read,
		"loaded", res.Loaded, "rejected", res.Rejected, "seconds", res.Seconds)
	return res, nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// knownUnits reads the unit ids of the units ledger.
func knownUnits(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT unit_id FROM units WHERE unit_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	units := map[string]bool{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		units[u] = true
	}
	return units, rows.Err()
}
