package column

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

var rawCells = excelize.Options{RawCellValue: true}

func readXLSX(r io.Reader, opts Options) (c Column, err error) {
	f, err := excelize.OpenReader(r, rawCells)
	if err != nil {
		return Column{}, fmt.Errorf("open workbook: %w", err)
	}
	defer f.Close()
	sheet, err := pickSheet(f.GetSheetList(), opts.Sheet)
	if err != nil {
		return Column{}, err
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return Column{}, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	defer func() {
		if cerr := rows.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("sheet %q: %w", sheet, cerr)
		}
	}()
	c = Column{Format: "xlsx", Sheet: sheet}
	k := newCollector(&c, opts)
	col := -1
	var first []string
	for n := 1; rows.Next(); n++ { // Next steps over missing rows too: n is the row number
		row, err := rows.Columns(rawCells)
		if err != nil {
			return Column{}, fmt.Errorf("sheet %q row %d: %w", sheet, n, err)
		}
		if col < 0 {
			if first == nil && !emptyRow(row) {
				first = row
			}
			if col = matchHeader(row, opts.Column); col >= 0 {
				k.header(row[col], n)
			} else if n >= MaxHeaderRows {
				break
			}
			continue
		}
		if col < len(row) {
			k.cell(n, row[col], true)
		} else {
			k.cell(n, "", false)
		}
	}
	if err := rows.Error(); err != nil {
		return Column{}, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	if col < 0 {
		if first == nil {
			return Column{}, fmt.Errorf("sheet %q: %w", sheet, ErrEmptyFile)
		}
		return Column{}, notFound(opts.Column, first, fmt.Sprintf(" in sheet %q (first %d rows)", sheet, MaxHeaderRows))
	}
	return c, nil
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
