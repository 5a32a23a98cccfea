package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Worksheet limits, as excelize enforces them.
const (
	maxRows    = 1048576 // excelize.TotalRows
	maxColumns = 16384   // excelize.MaxColumns
)

// errUnsupported wraps every reason the fast reader hands a sheet to
// excelize.
var errUnsupported = errors.New("not read by the fast reader")

// unsupportedError says where and why the fast reader stopped.
type unsupportedError struct {
	Row    int   // worksheet row being read, 0 if none
	Offset int64 // byte offset in the sheet's XML, -1 if not known
	Err    error
}

func (e *unsupportedError) Error() string {
	where := ""
	if e.Row > 0 {
		where = fmt.Sprintf(" in row %d", e.Row)
	}
	if e.Offset >= 0 {
		where += fmt.Sprintf(" at byte %d", e.Offset)
	}
	return fmt.Sprintf("%v%s: %v", errUnsupported, where, e.Err)
}

func (e *unsupportedError) Unwrap() []error { return []error{errUnsupported, e.Err} }

// corruptError is a worksheet whose XML is malformed or cut off part way:
// the rows after the break cannot be read, so the sheet must not be loaded.
type corruptError struct {
	After  int   // last worksheet row read before the break, 0 if none
	Offset int64 // byte offset in the sheet's XML where it breaks
	Err    error
	// InRow is set if row After may be the one the XML breaks in, read as
	// far as it goes (excelize's reader returns it so).
	InRow bool
}

func (e *corruptError) Error() string {
	after := "before the first row"
	switch {
	case e.After > 0 && e.InRow:
		after = fmt.Sprintf("in or after row %d", e.After)
	case e.After > 0:
		after = fmt.Sprintf("after row %d", e.After)
	}
	return fmt.Sprintf("%v: the worksheet's XML is malformed or cut off at byte %d, %s: %v", ErrCorrupt, e.Offset, after, e.Err)
}

func (e *corruptError) Unwrap() []error { return []error{ErrCorrupt, e.Err} }

// sheetReader reads the rows of a worksheet's XML as excelize's streaming
// reader (Rows.Next, then Rows.Columns with RawCellValue) returns them, one
// call of next per Next/Columns pair: a row missing from the XML comes back
// as a row without cells, a cell's value is its raw value (shared strings
// resolved), and a row ends at its last non-empty cell.
//
// It follows excelize token by token: a row is any start tag named row
// (whatever its prefix), a cell any start tag named c inside a row, a
// cell's value the character data of any <v> inside it. Where excelize's
// result would depend on things this reader does not model (rows out of
// order, cells nested in cells, XML the scanner refuses, an unknown cell
// type), next returns an *unsupportedError before returning any row that
// could differ. Where the XML is malformed or cut off, also after the sheet
// data (it reads the XML to its end), next returns a *corruptError, where
// excelize's reader would stop as if the sheet ended there.
type sheetReader struct {
	sc   *xmlScanner
	sst  []string
	si   siReader
	cur  int  // number of the row whose start tag was read last (excelize's curRow)
	seek int  // Next/Columns pairs returned (excelize's seekRow)
	open bool // cur's start tag is read and its cells are not
	done bool

	cells []cellValue
	vbuf  []byte // text of the cells of the row being read
}

// cellValue is a cell of the row being read: a shared string, or text in
// vbuf[from:to].
type cellValue struct {
	s        string
	from, to int
	inBuf    bool
}

func newSheetReader(r io.Reader, sst []string) *sheetReader {
	return &sheetReader{sc: newXMLScanner(r), sst: sst}
}

// stop says why the reader stopped while reading row seek: the XML is
// malformed or cut off if the scanner failed on it (and did not refuse
// it), else err is something excelize reads in its own way.
func (r *sheetReader) stop(err error) error {
	if r.sc.err != nil && !errors.Is(r.sc.err, errRefused) {
		return &corruptError{After: r.seek - 1, Offset: r.sc.offset(), Err: r.sc.err}
	}
	return &unsupportedError{Row: r.seek, Offset: r.sc.offset(), Err: err}
}

// next returns the next row's cells, or ok false after the last row.
func (r *sheetReader) next() (cells []string, ok bool, err error) {
	if r.done {
		return nil, false, nil
	}
	r.seek++
	if !r.open {
		found, err := r.findRow()
		if err != nil {
			return nil, false, r.stop(err)
		}
		if !found {
			r.done = true
			return nil, false, nil
		}
	}
	if r.cur > r.seek {
		return nil, true, nil // a row missing from the XML
	}
	if err := r.readRow(); err != nil {
		return nil, false, r.stop(err)
	}
	return r.row(), true, nil
}

// findRow reads on to the next start tag named row, as Rows.Next does; it
// returns false at an end tag named sheetData, after checking the rest of
// the XML, or at the end of the input.
func (r *sheetReader) findRow() (bool, error) {
	s := r.sc
	for {
		switch s.next() {
		case tokError:
			return false, s.err
		case tokEOF:
			return false, nil
		case tokEnd:
			if string(s.local) == "sheetData" {
				return false, r.drain()
			}
		case tokStart:
			if string(s.local) == "row" {
				return true, r.rowStart(r.cur + 1)
			}
		}
	}
}

// rowStart reads the r attribute of a row's start tag: the row's number,
// or next if it has none (or r="0", which excelize reads as none). Rows
// must come in increasing order.
func (r *sheetReader) rowStart(next int) error {
	n := 0
	for _, a := range r.sc.attrs {
		if string(a.local) != "r" {
			continue
		}
		v, ok := parseDigits(a.value)
		if !ok {
			return fmt.Errorf("row number r=%q", a.value)
		}
		n = v
	}
	if n == 0 {
		n = next
	}
	if n <= r.cur || n > maxRows {
		return fmt.Errorf("row %d after row %d", n, r.cur)
	}
	r.cur, r.open = n, true
	return nil
}

// drain reads the rest of the XML, where excelize reads no more rows, so
// that XML cut off after the sheet data is not taken for a whole sheet.
func (r *sheetReader) drain() error {
	for {
		switch r.sc.next() {
		case tokError:
			return r.sc.err
		case tokEOF:
			return nil
		}
	}
}

// parseDigits parses a decimal number of at most 9 digits.
func parseDigits(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// readRow reads the cells of row cur, as Rows.Columns does, up to the next
// start tag named row (whose number it reads), an end tag named sheetData,
// or the end of the input.
func (r *sheetReader) readRow() error {
	s := r.sc
	r.cells = r.cells[:0]
	r.vbuf = r.vbuf[:0]
	col := 0
	for {
		switch s.next() {
		case tokError:
			return s.err
		case tokEOF:
			r.open, r.done = false, true
			return nil
		case tokEnd:
			if string(s.local) == "sheetData" {
				r.open = false
				return nil
			}
		case tokStart:
			switch string(s.local) {
			case "row":
				return r.rowStart(r.cur + 1)
			case "c":
				var err error
				if col, err = r.readCell(col); err != nil {
					return err
				}
			}
		}
	}
}

// cell is what readCell gathers of a <c> element, as excelize's xlsxC.
type cell struct {
	ref, typ   string
	v          cellValue // the last <v>
	hasF, hasV bool
	is         cellValue // the <is>, if hasIS
	hasIS      bool
}

// readCell reads the cell whose start tag is the current token, as
// excelize's rowXMLHandler does, and appends its value to the row unless
// it is empty. col is the column of the previous cell; readCell returns
// this cell's.
func (r *sheetReader) readCell(col int) (int, error) {
	s := r.sc
	col++
	var c cell
	start := len(r.vbuf)
	for _, a := range s.attrs {
		switch string(a.local) {
		case "r":
			c.ref = string(a.value)
		case "s":
			if _, err := strconv.ParseInt(string(a.value), 10, 64); err != nil {
				return 0, fmt.Errorf("cell style s=%q", a.value)
			}
		case "t":
			c.typ = string(a.value)
		}
	}
	d := s.depth()
	for s.depth() >= d {
		switch s.next() {
		case tokError:
			return 0, s.err
		case tokEOF:
			return 0, errors.New("unexpected EOF")
		case tokStart:
			switch string(s.local) {
			case "v":
				from := len(r.vbuf)
				if err := r.readChars(); err != nil {
					return 0, err
				}
				c.v, c.hasV = cellValue{from: from, to: len(r.vbuf), inBuf: true}, true
			case "f":
				if err := r.readFormula(); err != nil {
					return 0, err
				}
				c.hasF = true
			case "is":
				if c.hasIS {
					return 0, errors.New("unsupported second <is> in a cell")
				}
				text, err := r.si.read(s)
				if err != nil {
					return 0, err
				}
				from := len(r.vbuf)
				r.vbuf = append(r.vbuf, text...)
				c.is, c.hasIS = cellValue{from: from, to: len(r.vbuf), inBuf: true}, true
			case "c":
				return 0, errors.New("unsupported cell inside a cell")
			}
		}
	}
	if c.ref != "" {
		var err error
		if col, err = refColumn(c.ref); err != nil {
			return 0, err
		}
	}
	v, err := r.value(&c)
	if err != nil {
		return 0, err
	}
	// Keep only the value's text in vbuf.
	if v.inBuf {
		n := copy(r.vbuf[start:], r.vbuf[v.from:v.to])
		v.from, v.to = start, start+n
		r.vbuf = r.vbuf[:start+n]
	} else {
		r.vbuf = r.vbuf[:start]
	}
	if v.inBuf && v.from == v.to || !v.inBuf && v.s == "" {
		if !c.hasF {
			return col, nil
		}
	}
	for len(r.cells) < col-1 {
		r.cells = append(r.cells, cellValue{})
	}
	r.cells = append(r.cells, v)
	return col, nil
}

// value is the cell's raw value, as excelize's getValueFrom gives it with
// RawCellValue: shared strings looked up, inline strings' text, any other
// type's <v> as it is.
func (r *sheetReader) value(c *cell) (cellValue, error) {
	switch c.typ {
	case "s":
		if !c.hasV || c.v.from == c.v.to {
			return cellValue{}, nil
		}
		i, ok := parseDigits(r.vbuf[c.v.from:c.v.to])
		if !ok || i >= len(r.sst) {
			return cellValue{}, fmt.Errorf("shared string index %q (%d strings)", r.vbuf[c.v.from:c.v.to], len(r.sst))
		}
		return cellValue{s: r.sst[i]}, nil
	case "inlineStr":
		if c.hasIS {
			return c.is, nil
		}
	case "", "n", "b", "e", "str", "d":
	default:
		return cellValue{}, fmt.Errorf("unsupported cell type t=%q", c.typ)
	}
	if c.hasV {
		return c.v, nil
	}
	return cellValue{}, nil
}

// readChars appends to vbuf the character data directly inside the
// element whose start tag is the current token, up to its end tag, as
// encoding/xml decodes such an element into a string: text and CDATA
// sections joined, nested elements skipped, comments ignored.
func (r *sheetReader) readChars() error {
	s := r.sc
	d := s.depth()
	for {
		switch s.next() {
		case tokError:
			return s.err
		case tokEOF:
			return errors.New("unexpected EOF")
		case tokText:
			r.vbuf = append(r.vbuf, s.text...)
		case tokStart:
			if !s.skip() {
				return s.err
			}
		case tokEnd:
			if s.depth() < d {
				return nil
			}
		}
	}
}

// Boolean and integer attributes of excelize's xlsxF: encoding/xml must
// parse them when it decodes a formula, or the cell reads differently.
var (
	formulaBools = []string{"aca", "dt2D", "dtr", "del1", "del2", "ca", "bx"}
	formulaInts  = []string{"si"}
)

// readFormula checks a formula's attributes as encoding/xml parses them
// into excelize's xlsxF and skips its text.
func (r *sheetReader) readFormula() error {
	s := r.sc
	for _, a := range s.attrs {
		local, v := string(a.local), strings.TrimSpace(string(a.value))
		if len(a.value) == 0 {
			continue
		}
		for _, b := range formulaBools {
			if local == b {
				if _, err := strconv.ParseBool(v); err != nil {
					return fmt.Errorf("formula %s=%q", a.name, a.value)
				}
			}
		}
		for _, n := range formulaInts {
			if local == n {
				if _, err := strconv.ParseInt(v, 10, strconv.IntSize); err != nil {
					return fmt.Errorf("formula %s=%q", a.name, a.value)
				}
			}
		}
	}
	n := len(r.vbuf)
	err := r.readChars()
	r.vbuf = r.vbuf[:n]
	return err
}

// refColumn returns the column of a cell reference such as "B7", checked
// as excelize's CellNameToCoordinates checks it. References it would read
// in other ways ("$B$7", "B+7") are refused.
func refColumn(ref string) (int, error) {
	i := 0
	for i < len(ref) && (ref[i] >= 'A' && ref[i] <= 'Z' || ref[i] >= 'a' && ref[i] <= 'z') {
		i++
	}
	row, ok := parseDigits([]byte(ref[i:]))
	if i == 0 || i > 3 || !ok || row < 1 || row > maxRows {
		return 0, fmt.Errorf("cell reference r=%q", ref)
	}
	col := 0
	for _, b := range []byte(ref[:i]) {
		col = col*26 + int(b|0x20-'a'+1)
	}
	if col > maxColumns {
		return 0, fmt.Errorf("cell reference r=%q", ref)
	}
	return col, nil
}

// row returns the cells of the row just read.
func (r *sheetReader) row() []string {
	if len(r.cells) == 0 {
		return nil
	}
	text := string(r.vbuf)
	out := make([]string, len(r.cells))
	for i, c := range r.cells {
		if c.inBuf {
			out[i] = text[c.from:c.to]
		} else {
			out[i] = c.s
		}
	}
	return out
}
