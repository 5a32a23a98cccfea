package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// bookRead is everything a reader makes of a workbook: per sheet, every
// row as the row source returns it and what WriteCSV writes when the first
// non-empty row is the header.
type bookRead struct {
	OpenErr string
	Sheets  []string
	Read    map[string]sheetRead
}

type sheetRead struct {
	Rows     [][]string // Rows[i] is worksheet row i+1
	RowsErr  string
	CSV      string
	Sheet    Sheet
	CSVErr   string
	HeaderAt int
	// Corrupt is set if reading the rows and WriteCSV both failed with
	// ErrCorrupt; CorruptMixed if only one of them did.
	Corrupt, CorruptMixed bool
}

// acceptAny takes the first non-empty row as the header.
func acceptAny(h []string) bool { return len(h) > 0 }

// readBook reads path with the fast reader (falling back to excelize) or
// with excelize alone, and returns what it read and the fallbacks.
func readBook(t testing.TB, path string, fast bool) (bookRead, []error) {
	t.Helper()
	var out bookRead
	wb, err := Open(path)
	if err != nil {
		out.OpenErr = err.Error()
		return out, nil
	}
	defer func() {
		if err := wb.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	}()
	wb.fast = fast
	out.Sheets = wb.Sheets()
	out.Read = map[string]sheetRead{}
	for _, sheet := range out.Sheets {
		var sr sheetRead
		rows, rowsErr := readRows(wb, sheet, -1)
		sr.Rows, sr.RowsErr = rows, errText(rowsErr)
		var buf bytes.Buffer
		s, err := wb.WriteCSV(sheet, acceptAny, &buf, nil)
		sr.CSV, sr.Sheet, sr.CSVErr = buf.String(), s, errText(err)
		sr.Corrupt = errors.Is(rowsErr, ErrCorrupt) && errors.Is(err, ErrCorrupt)
		sr.CorruptMixed = errors.Is(rowsErr, ErrCorrupt) != errors.Is(err, ErrCorrupt)
		if h, err := wb.FindHeader(sheet, 0, acceptAny); err == nil {
			sr.HeaderAt = h.Row
		}
		out.Read[sheet] = sr
	}
	return out, wb.fallbacks
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// readRows reads the rows of a sheet through the row reader, at most limit
// rows if limit is not negative.
func readRows(wb *Workbook, sheet string, limit int) (rows [][]string, err error) {
	rr, err := wb.rows(sheet)
	if err != nil {
		return nil, err
	}
	for limit < 0 || len(rows) < limit {
		cells, ok, nerr := rr.next()
		if nerr != nil {
			err = nerr
			break
		}
		if !ok {
			break
		}
		if rr.n != len(rows)+1 {
			err = fmt.Errorf("row reader numbers row %d as %d", len(rows)+1, rr.n)
			break
		}
		rows = append(rows, cells)
	}
	if cerr := rr.close(); cerr != nil && err == nil {
		err = fmt.Errorf("close: %w", cerr)
	}
	return rows, err
}

// corruptRowsAgree reports whether the rows the fast reader returns before
// it finds the XML malformed or cut off are excelize's, which may have one
// row more: the row excelize was reading where the XML breaks, returned as
// far as it got (the fast reader returns a row only once it has read the
// next one's start tag).
func corruptRowsAgree(fast, slow [][]string) bool {
	if len(fast) > len(slow) || len(slow) > len(fast)+1 {
		return false
	}
	for i := range fast {
		if !reflect.DeepEqual(fast[i], slow[i]) {
			return false
		}
	}
	return true
}

// fastMode says what a test expects of the fast reader on a workbook.
type fastMode int

const (
	fastReads   fastMode = iota // it reads every sheet itself
	fastFalls                   // it hands some sheet to excelize
	fastCorrupt                 // it reads every sheet itself and finds one malformed or cut off
)

// checkReaders reads path with both readers and fails t if they differ in
// any row, cell, CSV byte, Sheet field or error, or if the fast reader's
// falling back is not as mode expects. Where a sheet's XML is malformed or
// cut off, both readers must fail with ErrCorrupt, and only their rows are
// compared (see corruptRowsAgree). It returns the fallbacks.
func checkReaders(t testing.TB, path string, mode fastMode) []error {
	t.Helper()
	slow, slowFalls := readBook(t, path, false)
	fast, falls := readBook(t, path, true)
	if len(slowFalls) > 0 {
		t.Errorf("the excelize reader records fallbacks: %v", slowFalls)
	}
	switch {
	case mode != fastFalls && len(falls) > 0:
		t.Errorf("the fast reader fell back: %v", falls)
	case mode == fastFalls && len(falls) == 0:
		t.Errorf("the fast reader did not fall back")
	}
	corrupt := false
	for _, sheet := range slow.Sheets {
		f, s := fast.Read[sheet], slow.Read[sheet]
		if f.CorruptMixed || s.CorruptMixed || f.Corrupt != s.Corrupt {
			t.Errorf("sheet %q: one reader finds it corrupt, the other not:\nfast %q, %q\nexcelize %q, %q", sheet, f.RowsErr, f.CSVErr, s.RowsErr, s.CSVErr)
		}
		if !f.Corrupt || !s.Corrupt {
			continue
		}
		corrupt = true
		if !corruptRowsAgree(f.Rows, s.Rows) {
			t.Errorf("sheet %q is corrupt; fast reader's rows are not excelize's:\n%s", sheet, describeDiff(fast, slow))
		}
		fast.Read[sheet], slow.Read[sheet] = sheetRead{Corrupt: true}, sheetRead{Corrupt: true}
	}
	if mode == fastCorrupt && !corrupt {
		t.Errorf("no sheet is corrupt:\n%+v", fast)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("fast reader and excelize differ:\n%s", describeDiff(fast, slow))
	}
	return falls
}

// describeDiff says where two reads of a workbook first differ.
func describeDiff(fast, slow bookRead) string {
	if fast.OpenErr != slow.OpenErr || !reflect.DeepEqual(fast.Sheets, slow.Sheets) {
		return fmt.Sprintf("open: fast %q %q, excelize %q %q", fast.OpenErr, fast.Sheets, slow.OpenErr, slow.Sheets)
	}
	var b strings.Builder
	for _, sheet := range slow.Sheets {
		f, s := fast.Read[sheet], slow.Read[sheet]
		if f.RowsErr != s.RowsErr {
			fmt.Fprintf(&b, "sheet %q rows error: fast %q, excelize %q\n", sheet, f.RowsErr, s.RowsErr)
		}
		for i := range max(len(f.Rows), len(s.Rows)) {
			var fr, sr []string
			if i < len(f.Rows) {
				fr = f.Rows[i]
			}
			if i < len(s.Rows) {
				sr = s.Rows[i]
			}
			if !reflect.DeepEqual(fr, sr) || i >= len(f.Rows) || i >= len(s.Rows) {
				fmt.Fprintf(&b, "sheet %q row %d (of %d, %d): fast %q, excelize %q\n", sheet, i+1, len(f.Rows), len(s.Rows), fr, sr)
				break
			}
		}
		if f.CSV != s.CSV || f.CSVErr != s.CSVErr || !reflect.DeepEqual(f.Sheet, s.Sheet) || f.HeaderAt != s.HeaderAt {
			fmt.Fprintf(&b, "sheet %q WriteCSV: fast %+v %q\n%s\nexcelize %+v %q\n%s\n", sheet, f.Sheet, f.CSVErr, f.CSV, s.Sheet, s.CSVErr, s.CSV)
		}
	}
	return b.String()
}

// TestDifferentialTestdata: the fast reader reads every workbook in
// testdata by itself, exactly as excelize does.
func TestDifferentialTestdata(t *testing.T) {
	paths, err := filepath.Glob("testdata/*/input.xlsx")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no workbooks in testdata: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) { checkReaders(t, path, fastReads) })
	}
}

// TestDifferentialBench reads small versions of the benchmark workbooks.
func TestDifferentialBench(t *testing.T) {
	dir := t.TempDir()
	for kind, write := range map[string]func(string, int) error{"stream": writeStreamBook, "shared": writeSharedBook} {
		path := filepath.Join(dir, kind+".xlsx")
		must(t, write(path, 2000))
		t.Run(kind, func(t *testing.T) { checkReaders(t, path, fastReads) })
	}
}

// TestDifferentialLarge reads a worksheet and shared strings larger than
// excelize's UnzipXMLSizeLimit (16 MiB), which excelize unpacks to
// temporary files and looks up in its own way.
func TestDifferentialLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large workbook")
	}
	const rows, strs = 75_000, 720_000
	var sstb strings.Builder
	for i := range strs {
		fmt.Fprintf(&sstb, `<si><t>字符串%07d</t></si>`, i)
	}
	var sheet strings.Builder
	for r := 1; r <= rows; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c><c r="C%d"><v>%d.25</v></c>`+
			`<c r="D%d" t="inlineStr"><is><t>行内%d</t></is></c><c r="E%d" t="str"><v>text %d &amp; more</v></c></row>`,
			r, r, (r*7919)%strs, r, strs-1-r, r, r, r, r, r, r)
	}
	b := rawBook{Sheets: []string{"Sheet1"}, Worksheets: []string{ws(sheet.String())}, SST: xmlDecl + `<sst xmlns="` + nsMain + `">` + sstb.String() + `</sst>`}
	if len(b.Worksheets[0]) < 16<<20 || len(b.SST) < 16<<20 {
		t.Fatalf("sheet %d bytes, shared strings %d: not beyond 16 MiB", len(b.Worksheets[0]), len(b.SST))
	}
	path := filepath.Join(t.TempDir(), "large.xlsx")
	must(t, b.write(path))
	checkReaders(t, path, fastReads)
}
