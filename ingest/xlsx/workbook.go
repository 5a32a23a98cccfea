package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
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
	// archive, a damaged one, a zip without worksheets, a legacy .xls
	// file, or a worksheet whose XML is malformed or cut off part way. The
	// underlying error, if any, is wrapped too.
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

	fast      bool      // read with the fast reader (fastReader when opened)
	book      *fastBook // the fast reader's view, opened on first use
	bookErr   error     // why the workbook's parts cannot be found
	fallbacks []error   // sheets read with excelize instead, and why
}

// fastReader is whether workbooks opened from now on are read with the
// fast reader; tests turn it off to read with excelize alone.
var fastReader = true

// Debug, if not nil, is told each time a sheet is read with excelize's
// streaming reader instead of the fast reader, with the attributes file,
// sheet and reason. The rows are the same either way, only slower; set it
// to a *slog.Logger's Debug method to see why. Set it before opening
// workbooks, not while they are read.
var Debug func(msg string, args ...any)

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
	wb := &Workbook{path: path, f: f, fast: fastReader}
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
	err := wb.f.Close()
	if wb.book != nil {
		err = errors.Join(err, wb.book.close())
		wb.book = nil
	}
	if err != nil {
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

// rows opens a row reader on a sheet: the fast reader, falling back to
// excelize's streaming reader, or excelize's alone if wb.fast is false.
func (wb *Workbook) rows(sheet string) (*rowReader, error) {
	sheets := wb.f.GetSheetList()
	if !slices.Contains(sheets, sheet) {
		q := make([]string, len(sheets))
		for i, s := range sheets {
			q[i] = fmt.Sprintf("%q", s)
		}
		return nil, fmt.Errorf("%s: %w %q (the workbook has %s)", wb.path, ErrNoSheet, sheet, strings.Join(q, ", "))
	}
	// excelize's reader is opened in any case: it checks the sheet as
	// before, and it is the fallback. Opening it reads nothing yet.
	rows, err := wb.f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%s sheet %q: %w", wb.path, sheet, err)
	}
	slow := &excelizeRows{rows: rows, check: func(n int) error { return wb.checkSheetXML(sheet, n) }}
	if !wb.fast {
		return &rowReader{src: slow}, nil
	}
	fast, err := wb.fastRows(sheet, slow)
	if err != nil {
		wb.fellBack(sheet, err)
		return &rowReader{src: slow}, nil
	}
	return &rowReader{src: fast}, nil
}

// fastRows opens the fast reader on a sheet, excelize's reader behind it.
func (wb *Workbook) fastRows(sheet string, slow rowSource) (*fallbackRows, error) {
	if err := wb.openBook(); err != nil {
		return nil, &unsupportedError{Offset: -1, Err: err}
	}
	if err := wb.book.prepare(); err != nil {
		return nil, &unsupportedError{Offset: -1, Err: err}
	}
	rc, err := wb.book.sheet(sheet)
	if err != nil {
		return nil, &unsupportedError{Offset: -1, Err: err}
	}
	ra := newReadAhead(rc)
	return &fallbackRows{
		fast:     newSheetReader(ra, wb.book.sst),
		closeFn:  ra.Close,
		slow:     slow,
		handOver: func(reason error) { wb.fellBack(sheet, reason) },
	}, nil
}

// openBook opens the workbook's zip archive and finds the sheets' parts,
// once.
func (wb *Workbook) openBook() error {
	if wb.book == nil && wb.bookErr == nil {
		wb.book, wb.bookErr = openFastBook(wb.path, wb.f.GetSheetList())
	}
	return wb.bookErr
}

// fellBack records that excelize reads a sheet and why, and tells Debug.
func (wb *Workbook) fellBack(sheet string, reason error) {
	wb.fallbacks = append(wb.fallbacks, fmt.Errorf("sheet %q: %w", sheet, reason))
	if Debug != nil {
		Debug("xlsx: reading the sheet with excelize", "file", wb.path, "sheet", sheet, "reason", reason)
	}
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
