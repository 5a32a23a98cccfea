package ingest

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/microrisk/microrisk/ingest/arrowipc"
	"github.com/microrisk/microrisk/ingest/privacy"
	"github.com/microrisk/microrisk/ingest/xlsx"
	"github.com/microrisk/microrisk/store"
)

// openArrow converts an Arrow IPC file or stream to a temporary Parquet
// file in the folder dir (the database's own: it holds the file's values
// in clear) with arrow-go, then reads it as Parquet.
func openArrow(ctx context.Context, db *sql.DB, path, dir string) (*source, error) {
	tmp, err := os.CreateTemp(dir, store.WorkFilePrefix+"*.parquet")
	if err != nil {
		return nil, err
	}
	tmp.Close()
	remove := func() { os.Remove(tmp.Name()) }
	if _, _, err := arrowipc.ToParquet(path, tmp.Name()); err != nil {
		remove()
		return nil, err
	}
	src, err := openParquet(ctx, db, tmp.Name())
	if err != nil {
		remove()
		return nil, err
	}
	src.kind, src.cleanup = "arrow", remove
	return src, nil
}

// openXLSX streams each worksheet whose header a ledger accepts (or the one
// named by --sheet) into a temporary UTF-8 CSV that the SQL path reads.
// Worksheets that match no ledger are left out with a log line; a workbook
// in which none matches is an error. The temporary files, the sheets' CSV
// and the parts excelize unpacks, go to the folder dir (the database's
// own: they hold the workbook's values in clear).
func openXLSX(path, dir string, opts Options) ([]*source, error) {
	tmp, err := os.MkdirTemp(dir, store.WorkFilePrefix+"xlsx-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // excelize's unpacked parts; the sheets' CSV files are in dir
	wb, err := xlsx.OpenWith(path, xlsx.Options{TmpDir: tmp, Limits: opts.xlsxLimits()})
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	sheets := wb.Sheets()
	if opts.Sheet != "" {
		if !slices.Contains(sheets, opts.Sheet) {
			return nil, fmt.Errorf("no sheet %q (sheets: %v)", opts.Sheet, sheets)
		}
		sheets = []string{opts.Sheet}
	}
	accept := func(headers []string) bool {
		if opts.Table != "" || hasLedgerName(path) {
			l, err := ledgerOf(path, opts.Table)
			if err != nil {
				return false
			}
			ok, _ := opts.Mapping.accepts(l, headers)
			return ok
		}
		return opts.Mapping.detect(headers) != nil
	}
	var out []*source
	var skipped []error
	for _, name := range sheets {
		src, err := sheetSource(wb, name, dir, accept, opts)
		if errors.Is(err, xlsx.ErrNoHeader) && opts.Sheet == "" {
			opts.logger().Info("sheet matches no ledger, left out", "file", path, "sheet", name, "reason", err)
			skipped = append(skipped, fmt.Errorf("sheet %s: %w", name, err))
			continue
		}
		if err != nil {
			for _, s := range out {
				s.cleanup()
			}
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
		out = append(out, src)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no sheet has a ledger's header: %w", ErrNoLedger, errors.Join(skipped...))
	}
	return out, nil
}

// sheetSource writes one worksheet to a temporary CSV in the folder dir
// and describes it: the CSV's first column is each data row's worksheet
// row number (rejects point at the row the analyst sees in Excel), its
// last the cells beyond the header, or why the row's cells are too large
// to load, which make the row a reject.
func sheetSource(wb *xlsx.Workbook, sheet, dir string, accept func([]string) bool, opts Options) (*source, error) {
	tmp, err := os.CreateTemp(dir, store.WorkFilePrefix+"*.csv")
	if err != nil {
		return nil, err
	}
	remove := func() { os.Remove(tmp.Name()) }
	w := bufio.NewWriterSize(tmp, 1<<20)
	progress := opts.rowProgress(privacy.MaskIDs(wb.Path()), sheet)
	sh, err := wb.WriteCSV(sheet, accept, w, progress)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		remove()
		return nil, err
	}
	n := len(sh.Headers)
	cols := []string{"'s_row': 'VARCHAR'"}
	out := make([]string, n)
	for i := range n {
		cols = append(cols, fmt.Sprintf("'s%d': 'VARCHAR'", i+1))
		out[i] = fmt.Sprintf("s%d AS c%d", i+1, i+1)
	}
	cols = append(cols, "'s_over': 'VARCHAR'")
	lim := opts.xlsxLimits()
	table := fmt.Sprintf(`(SELECT CAST(s_row AS BIGINT) AS _src_row, true AS _ws,
  CASE WHEN starts_with(s_over, '!') THEN substr(s_over, 2) WHEN s_over IS NOT NULL THEN 'cells beyond the last header column' END AS _malformed,
  CASE WHEN NOT starts_with(s_over, '!') THEN s_over END AS _shown, %s
  FROM read_csv(%s, header = true, auto_detect = false, columns = {%s}, delim = ',', quote = '"', escape = '"', max_line_size = %d))`,
		strings.Join(out, ", "), quote(tmp.Name()), strings.Join(cols, ", "), 2*lim.MaxRowBytes+4096)
	return &source{kind: "xlsx", headers: sh.Headers, sheet: sh.Name, encoding: "xlsx", date1904: sh.Date1904,
		table: table, cleanup: remove}, nil
}
