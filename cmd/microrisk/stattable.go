package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/microrisk/microrisk/ingest/column"
	"github.com/microrisk/microrisk/ingest/normalize"
	"github.com/microrisk/microrisk/ingest/textenc"
	"github.com/microrisk/microrisk/ingest/xlsx"
)

// statTable is the rows of a CSV or XLSX file restricted to the columns an
// analyst command names, row by row, for the funnel, smooth and scan
// commands (benford needs one column and reads it with ingest/column).
// It reads files the way ingest/column does: CSV in UTF-8 or GB18030 with
// the delimiter detected by ingest/textenc, XLSX streamed by ingest/xlsx
// (raw cell values, title rows and two-level headers resolved), the header
// being the first row among the first column.MaxHeaderRows holding every
// named column, and numbers read by column.ParseNumber.
type statTable struct {
	path    string
	headers []string   // the named columns' headers as written
	rows    [][]string // per data row, the named columns' cells
	line    []int      // per data row, its line (CSV) or worksheet row (XLSX)
}

// readStatTable reads the columns named (empty names are skipped and give
// an empty cell) from the CSV or XLSX file at path.
func readStatTable(path, sheet string, names []string) (statTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return statTable{}, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	var magic [4]byte
	n, _ := f.ReadAt(magic[:], 0)
	var tb statTable
	switch {
	case n == 4 && string(magic[:]) == "PK\x03\x04":
		tb, err = readStatXLSX(path, sheet, names)
	case n == 4 && string(magic[:]) == "\xd0\xcf\x11\xe0":
		err = fmt.Errorf("%w: an Excel 97-2003 .xls or an encrypted workbook; save it as .xlsx or CSV", column.ErrUnsupported)
	case n == 0:
		err = column.ErrEmptyFile
	default:
		tb, err = readStatCSV(f, names)
	}
	if err != nil {
		return statTable{}, fmt.Errorf("read %s: %w", path, err)
	}
	tb.path = path
	return tb, nil
}

// headerIndex returns where each named column is in row (−1 for an empty
// name), or ok false if one is missing: an exact match first, else one
// equal ignoring case and surrounding space.
func headerIndex(row []string, names []string) (idx []int, ok bool) {
	idx = make([]int, len(names))
	for k, want := range names {
		idx[k] = -1
		if want == "" {
			continue
		}
		for i, h := range row {
			if h == want {
				idx[k] = i
				break
			}
		}
		if idx[k] < 0 {
			w := normalize.Text(want)
			for i, h := range row {
				if strings.EqualFold(normalize.Text(h), w) {
					idx[k] = i
					break
				}
			}
		}
		if idx[k] < 0 {
			return nil, false
		}
	}
	return idx, true
}

// missingColumns is the error for a header row that was not found: which
// named columns the first non-empty row lacks, and what it has.
func missingColumns(first []string, names []string, where string) error {
	if first == nil {
		return column.ErrEmptyFile
	}
	var missing, present []string
	for _, want := range names {
		if want == "" {
			continue
		}
		if _, ok := headerIndex(first, []string{want}); !ok {
			missing = append(missing, fmt.Sprintf("%q", want))
		}
	}
	for _, h := range first {
		if h = normalize.Text(h); h != "" {
			present = append(present, fmt.Sprintf("%q", h))
		}
	}
	if len(missing) == 0 { // all present, but not in one row
		missing = []string{"the named columns in one header row"}
	}
	return fmt.Errorf("%w: %s%s; columns present: %s", column.ErrColumnNotFound, strings.Join(missing, ", "), where, strings.Join(present, ", "))
}

func readStatCSV(f *os.File, names []string) (statTable, error) {
	enc, err := textenc.Detect(f)
	if err != nil {
		return statTable{}, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return statTable{}, err
	}
	br := bufio.NewReaderSize(textenc.NewDecoder(f, enc), 64<<10)
	sample, _ := br.Peek(64 << 10)
	if len(bytes.TrimSpace(sample)) == 0 {
		return statTable{}, column.ErrEmptyFile
	}
	cr := csv.NewReader(br)
	cr.Comma = textenc.DetectDelimiter(sample)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var tb statTable
	var idx []int
	var first []string
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return statTable{}, err // *csv.ParseError names the line
		}
		line, _ := cr.FieldPos(0)
		if idx == nil {
			if first == nil && !blankRow(rec) {
				first = rec
			}
			if i, ok := headerIndex(rec, names); ok {
				idx = i
				tb.headers = pick(rec, idx)
				continue
			}
			if n+1 >= column.MaxHeaderRows {
				break
			}
			continue
		}
		if blankRow(rec) {
			continue
		}
		tb.rows = append(tb.rows, pick(rec, idx))
		tb.line = append(tb.line, line)
	}
	if idx == nil {
		return statTable{}, missingColumns(first, names, fmt.Sprintf(" in the first %d rows", column.MaxHeaderRows))
	}
	return tb, nil
}

func readStatXLSX(path, sheet string, names []string) (statTable, error) {
	wb, err := xlsx.Open(path)
	if err != nil {
		return statTable{}, fmt.Errorf("open workbook: %w", err)
	}
	defer wb.Close()
	sheets := wb.Sheets()
	if len(sheets) == 0 {
		return statTable{}, column.ErrEmptyFile
	}
	name := sheets[0]
	if sheet != "" {
		i, ok := headerIndex(sheets, []string{sheet})
		if !ok {
			return statTable{}, fmt.Errorf("%w: %q; sheets: %s", column.ErrSheetNotFound, sheet, strings.Join(sheets, ", "))
		}
		name = sheets[i[0]]
	}
	var buf bytes.Buffer
	_, err = wb.WriteCSV(name, func(h []string) bool { _, ok := headerIndex(h, names); return ok }, &buf, nil)
	if errors.Is(err, xlsx.ErrNoHeader) {
		return statTable{}, fmt.Errorf("%w: sheet %q: %v", column.ErrColumnNotFound, name, err)
	}
	if err != nil {
		return statTable{}, err
	}
	cr := csv.NewReader(&buf)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return statTable{}, err
	}
	idx, _ := headerIndex(head, names)
	tb := statTable{headers: pick(head, idx)}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return tb, nil
		}
		if err != nil {
			return statTable{}, err
		}
		row, err := strconv.Atoi(rec[0])
		if err != nil {
			return statTable{}, fmt.Errorf("sheet %q: row number %q: %w", name, rec[0], err)
		}
		tb.rows = append(tb.rows, pick(rec, idx))
		tb.line = append(tb.line, row)
	}
}

// pick returns the cells at idx (empty where the index is −1 or the row
// is short).
func pick(rec []string, idx []int) []string {
	out := make([]string, len(idx))
	for k, i := range idx {
		if i >= 0 && i < len(rec) {
			out[k] = rec[i]
		}
	}
	return out
}

func blankRow(rec []string) bool {
	for _, s := range rec {
		if normalize.Text(s) != "" {
			return false
		}
	}
	return true
}

// cellError is a cell that the command cannot use: it names the file, the
// row and the column.
type cellError struct {
	File   string
	Row    int
	Column string
	Value  string
	Err    error
}

func (e *cellError) Error() string {
	return fmt.Sprintf("%s row %d, column %q: %q: %v", filepath.Base(e.File), e.Row, e.Column, e.Value, e.Err)
}

func (e *cellError) Unwrap() error { return e.Err }

// errEmptyCell is the reason for an empty cell where a number is needed.
var errEmptyCell = errors.New("empty cell")

// number reads column k of data row r as a number; empty cells give
// errEmptyCell (wrapped in a cellError), as do unreadable ones their
// reason.
func (tb statTable) number(r, k int) (float64, error) {
	s := tb.rows[r][k]
	v, err := column.ParseNumber(s, false)
	if errors.Is(err, column.ErrEmpty) {
		err = errEmptyCell
	}
	if err != nil {
		return 0, &cellError{File: tb.path, Row: tb.line[r], Column: tb.headers[k], Value: s, Err: err}
	}
	return v, nil
}

// text returns column k of data row r, trimmed.
func (tb statTable) text(r, k int) string { return normalize.Text(tb.rows[r][k]) }

// errColumnNotFound is column.ErrColumnNotFound, for errors.Is.
var errColumnNotFound = column.ErrColumnNotFound
