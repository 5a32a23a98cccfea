package main

import (
	"context"
	"fmt"
	"os"

	"github.com/microrisk/microrisk/ingest"
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

func (f *ingestFlags) options(e *env) (ingest.Options, error) {
	key := os.Getenv(ingest.KeyEnv)
	if key == "" && f.insecureTestKey {
		key = ingest.InsecureTestKey
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

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ingest")
	c := addCommon(fs)
	var f ingestFlags
	fs.StringVar(&f.table, "table", "", "load every file into this ledger instead of taking it from the file name")
	fs.StringVar(&f.encoding, "encoding", "", "force the CSV encoding: utf-8, gbk, gb18030 (default: detect)")
	fs.StringVar(&f.sheet, "sheet", "", "load only this worksheet of a workbook")
	fs.StringVar(&f.mapping, "mapping", "", "TOML `file` mapping further headers to columns, per ledger")
	fs.BoolVar(&f.strict, "strict", false, "fail a whole file on its first bad row")
	fs.BoolVar(&f.replace, "replace", false, "let a changed file replace rows whose key was loaded before")
	fs.BoolVar(&f.insecureTestKey, "insecure-test-key", false, "pseudonymise with a fixed public key when "+ingest.KeyEnv+" is unset (tests and demo only)")
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
	db, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	results, err := ingestPaths(ctx, e, db, fs.Args(), opts)
	if err != nil {
		return err
	}
	return checkDispositions(ctx, e, db, results)
}
