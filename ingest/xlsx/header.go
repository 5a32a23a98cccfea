package xlsx

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxHeaderScan is how many rows from the top of a sheet WriteCSV searches
// for the header: room for a title, a subtitle and a two-level header with
// a few blank rows between them.
const MaxHeaderScan = 10

// Header is the header row found in a sheet.
type Header struct {
	Names []string // one per column, resolved as the package doc describes
	Row   int      // 1-based worksheet row of the last header row
}

// FindHeader scans the first maxScan rows (MaxHeaderScan if maxScan ≤ 0)
// of sheet for the first row whose resolved headers accept takes; see the
// package doc for the rules. It returns ErrNoSheet for a missing sheet and
// ErrNoHeader, listing the first non-empty row's cells, if no row is
// accepted.
func (wb *Workbook) FindHeader(sheet string, maxScan int, accept func(headers []string) bool) (Header, error) {
	rr, err := wb.rows(sheet)
	if err != nil {
		return Header{}, err
	}
	h, err := findHeader(rr, maxScan, accept)
	if cerr := rr.close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return Header{}, fmt.Errorf("%s sheet %q: %w", wb.path, sheet, err)
	}
	return h, nil
}

// FindHeader opens the workbook at path and finds sheet's header, as
// (*Workbook).FindHeader does.
func FindHeader(path, sheet string, maxScan int, accept func(headers []string) bool) (headers []string, row int, err error) {
	wb, err := Open(path)
	if err != nil {
		return nil, 0, err
	}
	h, err := wb.FindHeader(sheet, maxScan, accept)
	if cerr := wb.Close(); err == nil {
		err = cerr
	}
	return h.Names, h.Row, err
}

// findHeader reads rows from rr until it finds the header, leaving rr on
// the last header row.
func findHeader(rr *rowReader, maxScan int, accept func([]string) bool) (Header, error) {
	if maxScan <= 0 {
		maxScan = MaxHeaderScan
	}
	var above, first []string // raw cells of the row above; first non-empty row
	for {
		cells, ok, err := rr.next()
		if err != nil {
			return Header{}, err
		}
		if !ok || rr.n > maxScan {
			break
		}
		up := above
		above = cells
		if blank(cells) {
			continue
		}
		if first == nil {
			first = cells
		}
		names := resolve(cells, up)
		if !accept(names) {
			continue
		}
		h := Header{Names: names, Row: rr.n}
		next, ok, err := rr.next()
		if err != nil {
			return Header{}, err
		}
		if !ok {
			return h, nil
		}
		if subHeader(names, next) {
			if sub := resolve(next, cells); accept(sub) {
				return Header{Names: sub, Row: rr.n}, nil
			}
		}
		rr.unread()
		return h, nil
	}
	if first == nil {
		return Header{}, fmt.Errorf("%w: the first %d rows are empty", ErrNoHeader, maxScan)
	}
	q := make([]string, 0, len(first))
	for _, c := range trimTrailing(normalizeAll(first)) {
		q = append(q, strconv.Quote(c))
	}
	return Header{}, fmt.Errorf("%w in the first %d rows; the first non-empty row has %s", ErrNoHeader, maxScan, strings.Join(q, ", "))
}

// resolve returns the headers of row cur read as the last header row with
// row up above it: a cell of cur wins; an empty one takes up's text in the
// same column. The result is as wide as the wider row, less trailing empty
// columns.
func resolve(cur, up []string) []string {
	out := make([]string, max(len(cur), len(up)))
	for i := range out {
		if i < len(cur) {
			out[i] = normalize(cur[i])
		}
		if out[i] == "" && i < len(up) {
			out[i] = normalize(up[i])
		}
	}
	return trimTrailing(out)
}

// subHeader reports whether row next looks like the lower row of a
// two-level header below the resolved header names: it names a column that
// names leaves unnamed, and it holds only non-numeric text.
func subHeader(names, next []string) bool {
	fills := false
	for i, c := range next {
		c = normalize(c)
		if c == "" {
			continue
		}
		if _, err := strconv.ParseFloat(c, 64); err == nil {
			return false
		}
		if i >= len(names) || names[i] == "" {
			fills = true
		}
	}
	return fills
}

// normalize trims header text and turns runs of white space, line breaks
// included, into one space.
func normalize(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func normalizeAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = normalize(c)
	}
	return out
}

// trimTrailing drops trailing empty strings.
func trimTrailing(s []string) []string {
	for len(s) > 0 && s[len(s)-1] == "" {
		s = s[:len(s)-1]
	}
	return s
}

// blank reports whether every cell is empty or white space.
func blank(cells []string) bool {
	for _, c := range cells {
		if c != "" && strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
