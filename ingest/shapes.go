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
	"github.com/microrisk/microrisk/ingest/xlsx"
)

// openArrow converts an Arrow IPC file or stream to a temporary Parquet
// file with arrow-go, then reads it as Parquet.
func openArrow(ctx context.Context, db *sql.DB, path string) (*source, error) {
	tmp, err := os.CreateTemp("", "microrisk-*.parquet")
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
// in which none matches is an error.
func openXLSX(path string, opts Options) ([]*source, error) {
	wb, err := xlsx.Open(path)
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
		src, err := sheetSource(wb, name, accept, opts)
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

// sheetSource writes one worksheet to a temporary CSV and describes it: the
// CSV's first column is each data row's worksheet row number (rejects point
// at the row the analyst sees in Excel), its last the cells beyond the
// header, which make the row a reject.
func sheetSource(wb *xlsx.Workbook, sheet string, accept func([]string) bool, opts Options) (*source, error) {
	tmp, err := os.CreateTemp("", "microrisk-*.csv")
	if err != nil {
		return nil, err
	}
	remove := func() { os.Remove(tmp.Name()) }
	w := bufio.NewWriterSize(tmp, 1<<20)
	progress := opts.rowProgress(wb.Path(), sheet)
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
	table := fmt.Sprintf(`(SELECT CAST(s_row AS BIGINT) AS _src_row, true AS _ws,
  CASE WHEN s_over IS NOT NULL THEN 'cells beyond the last header column: ' || s_over END AS _malformed, %s
  FROM read_csv(%s, header = true, auto_detect = false, columns = {%s}, delim = ',', quote = '"', escape = '"'))`,
		strings.Join(out, ", "), quote(tmp.Name()), strings.Join(cols, ", "))
	return &source{kind: "xlsx", headers: sh.Headers, sheet: sh.Name, encoding: "xlsx", date1904: sh.Date1904,
		table: table, cleanup: remove}, nil
}
