package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/microrisk/microrisk/export"
	"github.com/microrisk/microrisk/outfile"
	"github.com/microrisk/microrisk/store"
)

func init() {
	register(command{name: "export", summary: "write scores, indicators, families, flags, targets or rejects as CSV, XLSX or JSON", run: runExport})
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export")
	c := addCommon(fs)
	what := fs.String("what", "scores", "table: scores, indicators, families, flags, targets or rejects; several, comma-separated, make one sheet each (xlsx, json); worklists: one workbook per owner (--format xlsx, --out a folder)")
	runID := fs.String("run", "", "run id (default: the latest run)")
	unit := fs.String("unit", "", "only this unit (by its code) in the per-unit tables")
	format := fs.String("format", "csv", "format: csv, xlsx or json")
	lang := fs.String("lang", "zh", "language of XLSX headers and sheet names: zh or en (CSV and JSON keep the machine names)")
	out := fs.String("out", "", "output `file` (required; a folder for worklists)")
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
	if !slices.Contains(export.Langs, export.Lang(*lang)) {
		return usageError{fmt.Errorf("export: --lang must be one of %v", export.Langs)}
	}
	whats := strings.Split(*what, ",")
	for _, w := range whats {
		if !slices.Contains(export.Whats, export.What(strings.TrimSpace(w))) {
			return usageError{fmt.Errorf("export: --what %q: want one of %v", strings.TrimSpace(w), export.Whats)}
		}
	}
	if slices.Contains(whats, string(export.Worklists)) {
		return exportWorklists(ctx, e, c, whats, *format, *lang, *runID, *out, *force)
	}
	if len(whats) > 1 && *format == "csv" {
		return usageError{fmt.Errorf("export: a CSV file holds one table; use --format xlsx or json for %s", *what)}
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
	var sheets []export.Sheet
	var counts []string
	id := ""
	for _, s := range whats {
		w := export.What(strings.TrimSpace(s))
		if w != export.Rejects && id == "" {
			if id, err = store.ResolveRun(ctx, db, *runID); err != nil {
				return err
			}
		}
		t, err := export.QueryUnit(ctx, db, w, id, *unit)
		if err != nil {
			return err
		}
		sheets = append(sheets, export.Sheet{Name: w.Title(export.Lang(*lang)), Table: t})
		counts = append(counts, fmt.Sprintf("%d rows of %s", len(t.Rows), w))
	}
	if *format != "xlsx" {
		// JSON keys its tables by machine name.
		for i, s := range whats {
			sheets[i].Name = strings.TrimSpace(s)
		}
	}
	if err := export.WriteSheets(sheets, *format, *out, export.Lang(*lang)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s to %s\n", strings.Join(counts, ", "), *out)
	return nil
}
