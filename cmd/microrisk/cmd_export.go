package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/microrisk/microrisk/export"
	"github.com/microrisk/microrisk/outfile"
	"github.com/microrisk/microrisk/store"
)

func init() {
	register(command{name: "export", summary: "write scores, indicators, targets or rejects as CSV, XLSX or JSON", run: runExport})
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export")
	c := addCommon(fs)
	what := fs.String("what", "scores", "table: scores, indicators, targets or rejects")
	runID := fs.String("run", "", "run id (default: the latest run)")
	format := fs.String("format", "csv", "format: csv, xlsx or json")
	out := fs.String("out", "", "output `file` (required)")
	force := fs.Bool("force", false, "overwrite an existing export of the same format")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{fmt.Errorf("export: --out is required")}
	}
	if !slices.Contains(export.Formats, *format) {
		return usageError{fmt.Errorf("export: --format must be one of %v", export.Formats)}
	}
	if !slices.Contains(export.Tables, export.What(*what)) {
		return usageError{fmt.Errorf("export: --what must be one of %v", export.Tables)}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	if err := outfile.Check(*out, *format, c.db, *force); err != nil {
		return err
	}
	db, err := c.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	w := export.What(*what)
	id := ""
	if w != export.Rejects {
		if id, err = store.ResolveRun(ctx, db, *runID); err != nil {
			return err
		}
	}
	t, err := export.Query(ctx, db, w, id)
	if err != nil {
		return err
	}
	if err := export.Write(t, *format, *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d rows of %s to %s\n", len(t.Rows), w, *out)
	return nil
}
