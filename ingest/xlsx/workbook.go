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
	// ErrTooLarge is a workbook over one of its Limits.
	ErrTooLarge = errors.New("workbook over the size limits")
)

// Limits bound the memory and time a workbook can take, whatever is in
// it: a zip of a few megabytes can unpack to gigabytes.
type Limits struct {
	// MaxUnpackedBytes bounds the workbook's parts unpacked, in all.
	MaxUnpackedBytes int64
	// MaxSharedStringsBytes bounds the shared strings part unpacked: it is
	// held in memory (by excelize and by this package).
	MaxSharedStringsBytes int64
	// MaxCellBytes: a row with a longer cell is written with its cells
	// empty and the reason in ColumnOverflow (see WriteCSV); 0 means no
	// limit.
	MaxCellBytes int
	// MaxRowBytes: the same for a row whose cells are longer in all.
	MaxRowBytes int
}

// DefaultLimits are far above any real ledger's: a sheet of a million
// rows of ten columns of text holds a few hundred megabytes of shared
// strings; an Excel cell holds at most 32,767 characters.
var DefaultLimits = Limits{MaxUnpackedBytes: 4 << 30, MaxSharedStringsBytes: 256 << 20, MaxCellBytes: 128 << 10, MaxRowBytes: 1 << 20}

// Options control OpenWith.
type Options struct {
	// TmpDir is where large parts are unpacked ("" is the system's
	// temporary folder); they hold the workbook's data in clear.
	TmpDir string
	// Limits; the zero value means DefaultLimits.
	Limits Limits
}

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
	limits   Limits

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

// Open opens the XLSX workbook at path with DefaultLimits. A missing or
// unreadable file returns the os error, a password-protected workbook
// ErrEncrypted, a workbook over the limits ErrTooLarge, and any other file
// that is not a readable XLSX workbook ErrCorrupt; each error names the
// path.
func Open(path string) (*Workbook, error) { return OpenWith(path, Options{}) }

// OpenWith opens the XLSX workbook at path as Open does, with options.
func OpenWith(path string, o Options) (*Workbook, error) {
	if o.Limits == (Limits{}) {
		o.Limits = DefaultLimits
	}
	if err := checkContainer(path); err != nil {
		return nil, err
	}
	if err := checkSizes(path, o.Limits); err != nil {
		return nil, err
	}
	opts := rawCells
	opts.UnzipSizeLimit, opts.TmpDir = o.Limits.MaxUnpackedBytes, o.TmpDir
	f, err := excelize.OpenFile(path, opts)
	if err != nil {
		if f != nil {
			f.Close() // the open error is the one to report
		}
		return nil, fmt.Errorf("open %s: %w%s: %w", path, ErrCorrupt, sniff(path, err), err)
	}
	wb := &Workbook{path: path, f: f, fast: fastReader, limits: o.Limits}
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

// checkSizes refuses a workbook whose parts unpack to more than the limits
// allow, before anything is unpacked. The sizes are the zip directory's,
// which archive/zip holds every entry to.
func checkSizes(path string, lim Limits) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil // not a zip: excelize and sniff say what it is
	}
	defer zr.Close()
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if excelizePartName(f.Name) == partSharedStrings && f.UncompressedSize64 > uint64(lim.MaxSharedStringsBytes) {
			return fmt.Errorf("open %s: %w: its shared strings unpack to %d MiB, more than the limit of %d MiB (save the sheet as CSV, or split it)",
				path, ErrTooLarge, f.UncompressedSize64>>20, lim.MaxSharedStringsBytes>>20)
		}
	}
	if total > uint64(lim.MaxUnpackedBytes) {
		return fmt.Errorf("open %s: %w: it unpacks to %d MiB, more than the limit of %d MiB (save the sheet as CSV, or split it)",
			path, ErrTooLarge, total>>20, lim.MaxUnpackedBytes>>20)
	}
	return nil
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
