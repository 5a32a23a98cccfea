package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/microrisk/microrisk/ingest"
	"github.com/microrisk/microrisk/ingest/privacy"
)

// ingestPaths loads paths and prints one line per file: read, loaded,
// rejected. It stops at the first file that cannot be loaded at all; the
// files before it stay loaded. A file of which no row loaded (every row
// rejected) is a failure too, once the other files are loaded; some rows
// rejected are a warning.
func ingestPaths(ctx context.Context, e *env, db *sql.DB, paths []string, opts ingest.Options) ([]ingest.Result, error) {
	files, err := ingest.Files(paths, opts.Table)
	if err != nil {
		return nil, err
	}
	var out []ingest.Result
	var read, loaded, rejected int64
	var refused []string
	for _, f := range files {
		rs, err := ingest.LoadFile(ctx, db, f, opts)
		out = append(out, rs...)
		for _, r := range rs {
			printResult(e, r)
			read, loaded, rejected = read+r.Read, loaded+r.Loaded, rejected+r.Rejected
			if !r.Skipped && r.Read > 0 && r.Loaded == 0 {
				refused = append(refused, shownName(r))
			}
		}
		if err != nil {
			return out, err
		}
	}
	fmt.Fprintf(e.stdout, "total: %d files, read %d, loaded %d, rejected %d\n", len(files), read, loaded, rejected)
	if rejected > 0 {
		fmt.Fprintln(e.stdout, "see the rejects: microrisk export --what rejects --format csv --out rejects.csv")
	}
	if len(refused) > 0 {
		return out, fmt.Errorf("every row of %s was rejected: nothing of it loaded (see the rejects)", strings.Join(refused, ", "))
	}
	if rejected > 0 {
		fmt.Fprintf(e.stderr, "microrisk: warning: %d rows rejected (see the rejects)\n", rejected)
	}
	return out, nil
}

// shownName is a result's file (and sheet), resident ID numbers masked.
func shownName(r ingest.Result) string {
	name := r.Path
	if r.Sheet != "" {
		name += " [" + r.Sheet + "]"
	}
	return privacy.MaskIDs(name)
}

func printResult(e *env, r ingest.Result) {
	name := shownName(r)
	if r.Skipped {
		fmt.Fprintf(e.stdout, "%-40s skipped: same content already loaded as batch %d (--replace loads it again)\n", name, r.SkippedBy)
		return
	}
	fmt.Fprintf(e.stdout, "%-40s %-11s read %9d  loaded %9d  rejected %7d", name, r.Ledger, r.Read, r.Loaded, r.Rejected)
	if r.Replaced > 0 {
		fmt.Fprintf(e.stdout, "  replaced %d", r.Replaced)
	}
	if r.Seconds >= 1 {
		fmt.Fprintf(e.stdout, "  %.1fs, %.0f rows/s", r.Seconds, float64(r.Read)/r.Seconds)
	}
	fmt.Fprintln(e.stdout)
	if len(r.ExtraColumns) > 0 {
		fmt.Fprintf(e.stdout, "  columns kept aside (no match in %s): %s\n", r.Ledger, strings.Join(r.ExtraColumns, ", "))
	}
}
