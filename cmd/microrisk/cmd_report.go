package main

import (
	"context"
	"fmt"

	"github.com/microrisk/microrisk/dashboards"
)

func init() {
	register(command{name: "report", summary: "write the HTML reports of a scoring run", run: runReport})
}

// runReport is `microrisk report [--run ID] --out DIR [--lang zh|en]`.
func runReport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "report")
	c := addCommon(fs)
	runID := fs.String("run", "", "run id (default: the latest run)")
	out := fs.String("out", "", "output `folder` (required; created with mode 0700)")
	lang := fs.String("lang", dashboards.LangZh, "report language: zh or en")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *out == "":
		return usageError{fmt.Errorf("report: --out is required")}
	case *lang != dashboards.LangZh && *lang != dashboards.LangEn:
		return usageError{fmt.Errorf("report: --lang must be zh or en")}
	case fs.NArg() > 0:
		return usageError{fmt.Errorf("report: unexpected argument %q", fs.Arg(0))}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	db, err := c.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := dashboards.Write(ctx, db, dashboards.Options{RunID: *runID, OutDir: *out, Lang: *lang})
	if err != nil {
		return err
	}
	e.logger.Info("report written", "run", sum.RunID, "as_of", sum.AsOf.Format("2006-01-02"), "dir", *out)
	fmt.Fprintf(e.stdout, "wrote %d pages for run %s (as of %s) to %s\n",
		len(sum.Files), sum.RunID, sum.AsOf.Format("2006-01-02"), *out)
	for _, f := range sum.Files {
		fmt.Fprintf(e.stdout, "  %s\n", f)
	}
	fmt.Fprintf(e.stdout, "  a page for each of %d scored units (unit.html#<unit code>), %d draft reminder letters; %.1f MB in all\n",
		sum.Units, sum.Letters, float64(sum.Bytes)/(1<<20))
	return nil
}
