package main

import (
	"context"
	"fmt"

	"github.com/microrisk/microrisk/export"
	"github.com/microrisk/microrisk/outfile"
	"github.com/microrisk/microrisk/store"
)

// exportWorklists writes one workbook per owner of the run's targets into
// the folder out: `export --what worklists --format xlsx --out DIR`.
func exportWorklists(ctx context.Context, e *env, c *common, whats []string, format, lang, runID, out string, force bool) error {
	if len(whats) > 1 || format != "xlsx" {
		return usageError{fmt.Errorf("export: worklists are workbooks of their own: --what worklists --format xlsx --out DIR")}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	db, err := c.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := store.ResolveRun(ctx, db, runID)
	if err != nil {
		return err
	}
	lists, err := export.QueryWorklists(ctx, db, id)
	if err != nil {
		return err
	}
	for _, p := range export.WorklistPaths(lists, out) {
		if err := outfile.Check(p, outfile.XLSX, c.db, force); err != nil {
			return err
		}
	}
	paths, err := export.WriteWorklists(lists, out, export.Lang(lang))
	if err != nil {
		return err
	}
	for i, p := range paths {
		fmt.Fprintf(e.stdout, "%s: %d targets, %d flags\n", p, len(lists[i].Targets.Rows), len(lists[i].Flags.Rows))
	}
	fmt.Fprintf(e.stdout, "wrote %d work lists of run %s to %s\n", len(paths), id, out)
	return nil
}
