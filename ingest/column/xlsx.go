package column

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/microrisk/microrisk/ingest/xlsx"
)

// readXLSX reads the column from a worksheet through ingest/xlsx, the same
// streaming reader the ingest uses (raw cell values, title rows, two-level
// headers, a cut-off sheet an error): the sheet is streamed as CSV through a
// pipe and the CSV's first column gives each row's worksheet number.
func readXLSX(path string, opts Options) (Column, error) {
	wb, err := xlsx.Open(path)
	if err != nil {
		return Column{}, fmt.Errorf("open workbook: %w", err)
	}
	defer wb.Close()
	sheet, err := pickSheet(wb.Sheets(), opts.Sheet)
	if err != nil {
		return Column{}, err
	}
	pr, pw := io.Pipe()
	var sh xlsx.Sheet
	done := make(chan error, 1)
	go func() {
		var err error
		sh, err = wb.WriteCSV(sheet, func(h []string) bool { return matchHeader(h, opts.Column) >= 0 }, pw, nil)
		pw.CloseWithError(err)
		done <- err
	}()
	c, rerr := readSheetCSV(pr, sheet, opts)
	pr.CloseWithError(errors.New("column: stopped reading"))
	werr := <-done
	switch {
	case errors.Is(werr, xlsx.ErrNoHeader):
		return Column{}, fmt.Errorf("%w: %q in sheet %q: %v", ErrColumnNotFound, opts.Column, sheet, werr)
	case werr != nil:
		return Column{}, werr
	case rerr != nil:
		return Column{}, rerr
	}
	// The reader skips wholly blank rows below the header; here each is a
	// row whose cell in the column is empty, as in a CSV.
	c.HeaderRow = sh.HeaderRow
	c.Rows += int(sh.BlankRows)
	c.Empty += int(sh.BlankRows)
	return c, nil
}

// readSheetCSV reads the CSV that xlsx.WriteCSV writes: _sheet_row, the
// headers, _overflow.
func readSheetCSV(r io.Reader, sheet string, opts Options) (Column, error) {
	c := Column{Format: "xlsx", Sheet: sheet}
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return Column{}, err
	}
	col := matchHeader(head[1:len(head)-1], opts.Column) + 1
	k := newCollector(&c, opts)
	k.header(head[col], 0)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return c, nil
		}
		if err != nil {
			return Column{}, err
		}
		row, err := strconv.Atoi(rec[0])
		if err != nil {
			return Column{}, fmt.Errorf("sheet %q: row number %q: %w", sheet, rec[0], err)
		}
		k.cell(row, rec[col], true)
	}
}

// pickSheet returns the sheet named want (exactly, else ignoring case and
// surrounding space), or the first sheet when want is empty.
func pickSheet(sheets []string, want string) (string, error) {
	if len(sheets) == 0 {
		return "", fmt.Errorf("workbook: %w", ErrEmptyFile)
	}
	if want == "" {
		return sheets[0], nil
	}
	if i := matchHeader(sheets, want); i >= 0 {
		return sheets[i], nil
	}
	quoted := make([]string, len(sheets))
	for i, s := range sheets {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return "", fmt.Errorf("%w: %q; sheets: %s", ErrSheetNotFound, want, strings.Join(quoted, ", "))
}
