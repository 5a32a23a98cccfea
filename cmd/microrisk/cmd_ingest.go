package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/microrisk/microrisk/ingest"
	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/store"
)

func init() {
	register(command{name: "ingest", summary: "load ledger files or folders into the database", run: runIngest})
}

// ingestFlags are the flags of ingest, also used by run and demo.
type ingestFlags struct {
	table, encoding, sheet, mapping  string
	strict, replace, insecureTestKey bool
}

// key returns the pseudonymisation key: MICRORISK_KEY, or the insecure
// test key with --insecure-test-key; both at once is bad usage (which
// one the user meant cannot be guessed, and a database made with one
// refuses the other). "" means no key.
func (f *ingestFlags) key() (string, error) {
	key := os.Getenv(ingest.KeyEnv)
	switch {
	case key != "" && f.insecureTestKey:
		return "", usageError{fmt.Errorf("%s is set and --insecure-test-key is given: use one of them", ingest.KeyEnv)}
	case f.insecureTestKey:
		return ingest.InsecureTestKey, nil
	}
	return key, nil
}

func (f *ingestFlags) options(e *env) (ingest.Options, error) {
	key, err := f.key()
	if err != nil {
		return ingest.Options{}, err
	}
	if f.table != "" {
		if _, ok := model.LedgerByName(f.table); !ok {
			return ingest.Options{}, usageError{fmt.Errorf("--table %q: no such ledger (%s)", f.table, ledgerNames())}
		}
	}
	o := ingest.Options{Table: f.table, Encoding: f.encoding, Sheet: f.sheet, Strict: f.strict, Replace: f.replace,
		Key: key, Logger: e.logger, Progress: e.stderr}
	if f.mapping != "" {
		m, err := ingest.ReadMapping(f.mapping)
		if err != nil {
			return o, usageError{err}
		}
		o.Mapping = m
	}
	return o, nil
}

func ledgerNames() string {
	var s string
	for i, l := range model.Ledgers {
		if i > 0 {
			s += ", "
		}
		s += l.Name
	}
	return s
}

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ingest")
	c := addCommon(fs)
	var f ingestFlags
	fs.StringVar(&f.table, "table", "", "load every file into this ledger instead of taking it from the file name")
	fs.StringVar(&f.encoding, "encoding", "", "force the CSV encoding: utf-8, gbk, gb18030 (default: detect)")
	fs.StringVar(&f.sheet, "sheet", "", "load only this worksheet of a workbook")
	fs.StringVar(&f.mapping, "mapping", "", "TOML `file` mapping further headers to columns, per ledger")
	fs.BoolVar(&f.strict, "strict", false, "fail a whole file on its first bad row")
	fs.BoolVar(&f.replace, "replace", false, "load a file again, even the same content, replacing rows whose key was loaded before")
	fs.BoolVar(&f.insecureTestKey, "insecure-test-key", false, "pseudonymise with a fixed public key, for tests and the demo ("+ingest.KeyEnv+" must be unset)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{fmt.Errorf("ingest: name at least one file or folder")}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	opts, err := f.options(e)
	if err != nil {
		return err
	}
	// The files first: a missing one makes no database.
	if _, err := ingest.Files(fs.Args(), opts.Table); err != nil {
		return err
	}
	db, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkKey(ctx, db, opts.Key); err != nil {
		return err
	}
	results, err := ingestPaths(ctx, e, db, fs.Args(), opts)
	if err != nil {
		return err
	}
	return checkDispositions(ctx, e, db, results)
}

// checkKey refuses, before anything is loaded, a key that is too short or
// not the database's (ingest.CheckKey). Without a key there is nothing to
// check: a file with person identifiers then fails with ingest.ErrNoKey.
func checkKey(ctx context.Context, db *sql.DB, key string) error {
	if key == "" {
		return nil
	}
	return ingest.CheckKey(ctx, db, key)
}
