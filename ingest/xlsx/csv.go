package xlsx

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Columns the CSV adds around the sheet's own.
const (
	// ColumnSheetRow is the CSV's first column: the worksheet row number
	// of each data row.
	ColumnSheetRow = "_sheet_row"
	// ColumnOverflow is the CSV's last column: non-blank cells to the right
	// of the last header column, as "K=value" joined by "|", or empty; or,
	// starting with "!", why the row's cells are not written (a cell or the
	// row over the Limits).
	ColumnOverflow = "_overflow"

	// overflowMax bounds what ColumnOverflow lists of a row.
	overflowMax = 1 << 10
)

// ProgressEvery is how many data rows WriteCSV writes between calls to its
// progress function.
const ProgressEvery = 100_000

// progressEvery is ProgressEvery; tests lower it.
var progressEvery int64 = ProgressEvery

// csvBuffer is the size of the buffer in front of WriteCSV's writer.
const csvBuffer = 1 << 20

// Sheet describes one sheet written as CSV.
type Sheet struct {
	Name      string // the sheet name as the workbook spells it
	HeaderRow int    // 1-based worksheet row of the (last) header row
	// Headers has one name per column, merged and two-level headers
	// resolved; a column without a header name between named ones is ""
	// (its cells are still written), and duplicate names are kept as they
	// are, for the ingest to judge.
	Headers  []string
	Date1904 bool // the workbook uses the 1904 date system
	// RowColumn is true: the CSV's first column, ColumnSheetRow, holds each
	// data row's worksheet row number, so that skipped empty rows never
	// shift the row numbers rejects report. (Data row k is therefore not
	// necessarily worksheet row HeaderRow+k.)
	RowColumn bool
	Rows      int64 // data rows written
	BlankRows int64 // empty rows below the header (trailing ones too), skipped
	// OverflowRows counts data rows with values beyond the last header
	// column, listed in the CSV's last column, ColumnOverflow.
	OverflowRows int64
}

// Columns returns the CSV's header record: ColumnSheetRow, the sheet's
// headers, ColumnOverflow.
func (s *Sheet) Columns() []string {
	out := make([]string, 0, len(s.Headers)+2)
	out = append(out, ColumnSheetRow)
	out = append(out, s.Headers...)
	return append(out, ColumnOverflow)
}

// WriteCSV finds sheet's header in its first MaxHeaderScan rows with accept
// (see FindHeader) and streams the rows below it into w as UTF-8 CSV: a
// header record (Sheet.Columns) and one record per non-empty row, laid out
// as the package doc describes. progress, if not nil, is called with the
// number of data rows written every ProgressEvery rows. The Sheet is
// returned with what was written, also on an error, after which w holds
// an incomplete CSV that must not be loaded. A sheet whose XML is
// malformed or cut off part way is an error wrapping ErrCorrupt that names
// the last row read and the byte where the XML breaks.
func (wb *Workbook) WriteCSV(sheet string, accept func(headers []string) bool, w io.Writer, progress func(rows int64)) (s Sheet, err error) {
	s = Sheet{Name: sheet, Date1904: wb.date1904, RowColumn: true}
	rr, err := wb.rows(sheet)
	if err != nil {
		return s, err
	}
	defer func() {
		if cerr := rr.close(); err == nil && cerr != nil {
			err = fmt.Errorf("%s sheet %q: %w", wb.path, sheet, cerr)
		}
	}()
	h, err := findHeader(rr, MaxHeaderScan, accept)
	if err != nil {
		return s, fmt.Errorf("%s sheet %q: %w", wb.path, sheet, err)
	}
	s.HeaderRow, s.Headers = h.Row, h.Names
	if err := writeRows(rr, &s, w, progress, wb.limits); err != nil {
		if errors.Is(err, ErrCorrupt) { // it names the row
			return s, fmt.Errorf("%s sheet %q: %w", wb.path, sheet, err)
		}
		return s, fmt.Errorf("%s sheet %q row %d: %w", wb.path, sheet, rr.n, err)
	}
	return s, nil
}

// WriteCSV opens the workbook at path and writes sheet as CSV, as
// (*Workbook).WriteCSV does.
func WriteCSV(path, sheet string, accept func(headers []string) bool, w io.Writer, progress func(rows int64)) (Sheet, error) {
	wb, err := Open(path)
	if err != nil {
		return Sheet{}, err
	}
	s, err := wb.WriteCSV(sheet, accept, w, progress)
	if cerr := wb.Close(); err == nil {
		err = cerr
	}
	return s, err
}

// writeRows writes the header record and the data rows left in rr.
func writeRows(rr *rowReader, s *Sheet, w io.Writer, progress func(int64), lim Limits) error {
	bw := bufio.NewWriterSize(w, csvBuffer)
	cw := csv.NewWriter(bw)
	width := len(s.Headers)
	rec := s.Columns()
	if err := cw.Write(rec); err != nil {
		return err
	}
	var over strings.Builder
	for {
		cells, ok, err := rr.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if blank(cells) {
			s.BlankRows++
			continue
		}
		rec[0] = strconv.Itoa(rr.n)
		n := copy(rec[1:1+width], cells)
		clear(rec[1+n : 1+width])
		rec[1+width] = overflow(cells, width, &over)
		if why := tooLarge(cells, lim); why != "" {
			clear(rec[1 : 1+width])
			rec[1+width] = "!" + why
		}
		if rec[1+width] != "" {
			s.OverflowRows++
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		s.Rows++
		if progress != nil && s.Rows%progressEvery == 0 {
			progress(s.Rows)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// tooLarge says why a row's cells are too large to be written, or "".
func tooLarge(cells []string, lim Limits) string {
	total := 0
	for i, c := range cells {
		if lim.MaxCellBytes > 0 && len(c) > lim.MaxCellBytes {
			return fmt.Sprintf("cell %s holds %d bytes, over the limit of %d", columnName(i+1), len(c), lim.MaxCellBytes)
		}
		total += len(c)
	}
	if lim.MaxRowBytes > 0 && total > lim.MaxRowBytes {
		return fmt.Sprintf("the row's cells hold %d bytes, over the limit of %d", total, lim.MaxRowBytes)
	}
	return ""
}

// overflow lists the non-blank cells beyond the first width columns as
// "K=value" joined by "|", at most overflowMax bytes of them.
func overflow(cells []string, width int, b *strings.Builder) string {
	if len(cells) <= width {
		return ""
	}
	b.Reset()
	for i := width; i < len(cells); i++ {
		if strings.TrimSpace(cells[i]) == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('|')
		}
		if b.Len() > overflowMax {
			b.WriteString("…")
			break
		}
		b.WriteString(columnName(i + 1))
		b.WriteByte('=')
		b.WriteString(cells[i][:min(len(cells[i]), overflowMax)])
	}
	return b.String()
}

// columnName returns the letters of the 1-based column n: 1 → A, 27 → AA.
func columnName(n int) string {
	var b [8]byte
	i := len(b)
	for ; n > 0; n = (n - 1) / 26 {
		i--
		b[i] = byte('A' + (n-1)%26)
	}
	return string(b[i:])
}
