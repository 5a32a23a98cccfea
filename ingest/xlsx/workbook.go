package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

// Sentinel errors, for errors.Is.
var (
	// ErrEncrypted is a password-protected workbook. It cannot be read
	// without the password; save it again without one.
	ErrEncrypted = errors.New("workbook is password-protected")
	// ErrCorrupt is a file that is not a readable XLSX workbook: not a zip
	// archive, a damaged one, a zip without worksheets, or a legacy .xls
	// file. The underlying error, if any, is wrapped too.
	ErrCorrupt = errors.New("not a readable XLSX workbook")
	// ErrNoSheet is a sheet name the workbook does not have.
	ErrNoSheet = errors.New("no such sheet")
	// ErrNoHeader is a sheet in whose first rows no header was accepted.
	ErrNoHeader = errors.New("no header row found")
)

// rawCells asks excelize for the values as stored, without number formats.
var rawCells = excelize.Options{RawCellValue: true}

// oleSignature starts every OLE compound file: legacy .xls workbooks and
// encrypted OOXML packages alike.
var oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Workbook is an open XLSX file. Opening unpacks the workbook's parts
// (large worksheets to temporary files), so open a file once, read the
// sheets it needs and Close it. A Workbook is not safe for concurrent use.
type Workbook struct {
	path     string
	f        *excelize.File
	date1904 bool
}

// Open opens the XLSX workbook at path. A missing or unreadable file
// returns the os error, a password-protected workbook ErrEncrypted and any
// other file that is not a readable XLSX workbook ErrCorrupt; each error
// names the path.
func Open(path string) (*Workbook, error) {
	if err := checkContainer(path); err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path, rawCells)
	if err != nil {
		if f != nil {
			f.Close() // the open error is the one to report
		}
		return nil, fmt.Errorf("open %s: %w%s: %w", path, ErrCorrupt, sniff(path, err), err)
	}
	wb := &Workbook{path: path, f: f}
	if len(f.GetSheetList()) == 0 {
		f.Close()
		return nil, fmt.Errorf("open %s: %w: no worksheets", path, ErrCorrupt)
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open %s: %w: workbook properties: %w", path, ErrCorrupt, err)
	}
	wb.date1904 = props.Date1904 != nil && *props.Date1904
	return wb, nil
}

// checkContainer opens the file itself, so that a missing file reports the
// os error, and tells apart the OLE compound files excelize cannot open
// without a password: an encrypted workbook (ErrEncrypted) or a legacy
// .xls (ErrCorrupt).
func checkContainer(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return err // *fs.PathError names the path
	}
	defer file.Close()
	head := make([]byte, len(oleSignature))
	if _, err := io.ReadFull(file, head); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil // too short for either: excelize and sniff say what it is
		}
		return fmt.Errorf("open %s: %w", path, err)
	}
	if !bytes.Equal(head, oleSignature) {
		return nil
	}
	doc, err := mscfb.New(file)
	if err != nil {
		return fmt.Errorf("open %s: %w: a damaged OLE compound file: %w", path, ErrCorrupt, err)
	}
	for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
		switch entry.Name {
		case "EncryptedPackage", "EncryptionInfo":
			return fmt.Errorf("open %s: %w", path, ErrEncrypted)
		case "Workbook", "Book":
			return fmt.Errorf("open %s: %w: a legacy Excel 97-2003 .xls workbook; save it as .xlsx", path, ErrCorrupt)
		}
	}
	return fmt.Errorf("open %s: %w: an OLE compound file, not an XLSX workbook", path, ErrCorrupt)
}

// sniff says what a file excelize cannot open looks like: some systems
// save HTML tables or CSV text with a spreadsheet extension.
func sniff(path string, err error) string {
	if !errors.Is(err, zip.ErrFormat) {
		return sniffZip(path)
	}
	file, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer file.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(file, head) // a short read leaves n bytes to look at
	head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xEF\xBB\xBF")), " \t\r\n")
	switch {
	case len(head) == 0:
		return " (the file is empty)"
	case head[0] == '<':
		return " (it looks like HTML or XML saved with a spreadsheet extension; open it in Excel and save it as .xlsx)"
	case bytes.IndexByte(head, 0) < 0:
		return " (it looks like a text file; load CSV as .csv)"
	}
	return ""
}

// sniffZip says what a zip archive lacks to be an XLSX workbook.
func sniffZip(path string) string {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return ""
	}
	defer zr.Close()
	for _, f := range zr.File {
		switch strings.ToLower(f.Name) {
		case "xl/workbook.xml":
			return ""
		case "xl/workbook.bin":
			return " (an .xlsb binary workbook; save it as .xlsx)"
		}
	}
	return " (a zip archive without xl/workbook.xml)"
}

// Close releases the workbook and removes its temporary files.
func (wb *Workbook) Close() error {
	if err := wb.f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", wb.path, err)
	}
	return nil
}

// Path is the file the workbook was opened from.
func (wb *Workbook) Path() string { return wb.path }

// Sheets lists the workbook's sheet names in workbook order, hidden sheets
// included.
func (wb *Workbook) Sheets() []string { return wb.f.GetSheetList() }

// Date1904 reports whether the workbook uses the 1904 date system
// (workbook.xml's <workbookPr date1904="1"/>), in which serial 0 is
// 1904-01-01 rather than 1899-12-31.
func (wb *Workbook) Date1904() bool { return wb.date1904 }

// rows opens the streaming row reader of a sheet.
func (wb *Workbook) rows(sheet string) (*rowReader, error) {
	sheets := wb.f.GetSheetList()
	found := false
	for _, s := range sheets {
		if s == sheet {
			found = true
			break
		}
	}
	if !found {
		q := make([]string, len(sheets))
		for i, s := range sheets {
			q[i] = fmt.Sprintf("%q", s)
		}
		return nil, fmt.Errorf("%s: %w %q (the workbook has %s)", wb.path, ErrNoSheet, sheet, strings.Join(q, ", "))
	}
	rows, err := wb.f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%s sheet %q: %w", wb.path, sheet, err)
	}
	return &rowReader{rows: rows}, nil
}

// Sheets lists the sheet names of the workbook at path, in order. See Open
// for the errors.
func Sheets(path string) ([]string, error) {
	wb, err := Open(path)
	if err != nil {
		return nil, err
	}
	sheets := wb.Sheets()
	return sheets, wb.Close()
}

// rowReader numbers the rows of excelize's stream and can push one row
// back. excelize's Next steps over rows missing from the XML one at a time
// (Columns returns no cells for them), so counting Next calls gives the
// worksheet row number.
type rowReader struct {
	rows  *excelize.Rows
	n     int      // worksheet row number of the row last returned
	cells []string // the row last returned
	back  bool     // next returns the same row again
}

// next returns the next row's cells, or ok false at the end of the sheet.
func (r *rowReader) next() (cells []string, ok bool, err error) {
	if r.back {
		r.back = false
		return r.cells, true, nil
	}
	if !r.rows.Next() {
		return nil, false, r.rows.Error()
	}
	r.n++
	if r.cells, err = r.rows.Columns(rawCells); err != nil {
		return nil, false, err
	}
	return r.cells, true, nil
}

// unread makes next return the last row again.
func (r *rowReader) unread() { r.back = true }

// close closes the stream.
func (r *rowReader) close() error { return r.rows.Close() }
