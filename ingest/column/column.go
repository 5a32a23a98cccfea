// Package column reads one numeric column of a CSV or XLSX file into a
// []float64, for analyses that need only the amounts (a Benford test of a
// payments file handed over by an auditor).
//
// CSV files may be UTF-8, with or without a byte-order mark, or GB18030
// (which includes GBK), and comma, tab or semicolon separated: encoding and
// delimiter are detected by ingest/textenc, as the ingest detects them. XLSX
// files are streamed by ingest/xlsx, the ingest's own reader: raw cell values
// (not the displayed format), first sheet unless one is named, title rows and
// two-level headers resolved, a cut-off sheet an error. A file is XLSX when
// it starts as a zip archive, whatever its extension.
//
// The header is the first row, among the first MaxHeaderRows, holding the
// column's name (exactly, or else ignoring case and surrounding space), so
// that title lines above the header are passed over. Cells are read with
// ParseNumber. Empty cells are counted, unreadable ones listed with their row;
// nothing is dropped silently. A CSV is streamed: only the values (and the
// first MaxBad unreadable cells) are kept. For an XLSX, the reader also holds
// the workbook's shared strings.
package column

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/microrisk/microrisk/ingest/normalize"
)

// MaxHeaderRows is how many rows from the top of a file are searched for
// the header.
const MaxHeaderRows = 20

// DefaultMaxBad is how many unreadable cells Column.Bad lists by default
// (all are counted in Column.BadCount).
const DefaultMaxBad = 1000

// Options says which column to read.
type Options struct {
	Column string // the header of the column; required
	Sheet  string // XLSX sheet; the first sheet when empty
	// MaxBad caps the list of unreadable cells kept in Column.Bad: 0 means
	// DefaultMaxBad, a negative number no cap. BadCount counts them all.
	MaxBad int
}

// Column is what Read found.
type Column struct {
	Header    string    // the header as written in the file
	HeaderRow int       // its row (1-based line of a CSV, row of a sheet)
	Values    []float64 // the numbers, in file order
	Rows      int       // data rows after the header (Values + Empty + BadCount)
	Empty     int       // empty cells, including rows too short to reach the column
	BadCount  int       // cells that are not numbers
	Bad       []BadCell // the first MaxBad of them
	// Wan is true when the header declares 万元: numbers without a unit
	// were multiplied by 10,000.
	Wan bool
	// Format is "csv" or "xlsx"; Encoding ("UTF-8", "UTF-8 with BOM",
	// "GB18030") and Delimiter describe a CSV, Sheet an XLSX.
	Format    string
	Encoding  string `json:",omitempty"`
	Delimiter string `json:",omitempty"`
	Sheet     string `json:",omitempty"`
}

// BadCell is a cell that could not be read as a number.
type BadCell struct {
	Row   int    // 1-based line of a CSV, row of a sheet
	Value string // the cell as written
	Err   error  // why, wrapping ErrNotNumber
}

// Errors Read may wrap, for errors.Is.
var (
	ErrColumnNotFound = errors.New("column not found")
	ErrSheetNotFound  = errors.New("sheet not found")
	ErrEmptyFile      = errors.New("empty file")
	ErrUnsupported    = errors.New("unsupported file format")
)

// Read reads the column opts.Column of the CSV or XLSX file at path.
func Read(path string, opts Options) (Column, error) {
	if strings.TrimSpace(opts.Column) == "" {
		return Column{}, fmt.Errorf("read %s: no column name given", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return Column{}, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Column{}, fmt.Errorf("read %s: %w", path, err)
	}
	if st.IsDir() {
		return Column{}, fmt.Errorf("read %s: is a directory", path)
	}
	if st.Size() == 0 {
		return Column{}, fmt.Errorf("read %s: %w", path, ErrEmptyFile)
	}
	var magic [4]byte
	n, _ := f.ReadAt(magic[:], 0)
	var c Column
	switch {
	case n == 4 && string(magic[:]) == "PK\x03\x04":
		c, err = readXLSX(path, opts)
	case n == 4 && string(magic[:]) == "\xd0\xcf\x11\xe0":
		err = fmt.Errorf("%w: an Excel 97-2003 .xls or an encrypted workbook; save it as .xlsx or CSV", ErrUnsupported)
	default:
		c, err = readCSV(f, opts)
	}
	if err != nil {
		return Column{}, fmt.Errorf("read %s: %w", path, err)
	}
	return c, nil
}

// matchHeader returns the index of the header cell naming want: an exact
// match first, else one equal ignoring case and surrounding white space.
func matchHeader(row []string, want string) int {
	for i, h := range row {
		if h == want {
			return i
		}
	}
	w := normalize.Text(want)
	for i, h := range row {
		if strings.EqualFold(normalize.Text(h), w) {
			return i
		}
	}
	return -1
}

// notFound is the error for a header that was not found; it lists the
// columns of the first non-empty row.
func notFound(want string, first []string, where string) error {
	var cols []string
	for _, h := range first {
		if h = normalize.Text(h); h != "" {
			cols = append(cols, fmt.Sprintf("%q", h))
		}
	}
	if len(cols) == 0 {
		return fmt.Errorf("%w: %q%s: the file has no header row", ErrColumnNotFound, want, where)
	}
	return fmt.Errorf("%w: %q%s; columns present: %s", ErrColumnNotFound, want, where, strings.Join(cols, ", "))
}

// collector accumulates the cells of the column.
type collector struct {
	c      *Column
	maxBad int
}

func newCollector(c *Column, opts Options) collector {
	m := opts.MaxBad
	if m == 0 {
		m = DefaultMaxBad
	}
	return collector{c: c, maxBad: m}
}

// header records the header found in row at index i.
func (k collector) header(h string, row int) {
	k.c.Header, k.c.HeaderRow = h, row
	k.c.Wan = strings.Contains(h, "万元")
}

// cell reads one cell of the column (present says the row reached it).
func (k collector) cell(row int, s string, present bool) {
	k.c.Rows++
	if !present {
		k.c.Empty++
		return
	}
	v, err := ParseNumber(s, k.c.Wan)
	switch {
	case err == nil:
		k.c.Values = append(k.c.Values, v)
	case errors.Is(err, ErrEmpty):
		k.c.Empty++
	default:
		k.c.BadCount++
		if k.maxBad < 0 || len(k.c.Bad) < k.maxBad {
			k.c.Bad = append(k.c.Bad, BadCell{Row: row, Value: s, Err: err})
		}
	}
}

// emptyRow reports whether every cell of row is blank.
func emptyRow(row []string) bool {
	for _, s := range row {
		if normalize.Text(s) != "" {
			return false
		}
	}
	return true
}
