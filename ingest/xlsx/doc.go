// Package xlsx streams one worksheet of an XLSX workbook into a UTF-8 CSV
// file that the SQL ingest path reads with DuckDB's read_csv, exactly as it
// reads a CSV ledger.
//
// # Use
//
// Open a workbook once, list its sheets, find the sheets whose header a
// ledger accepts, and write each of them to a temporary CSV file:
//
//	wb, err := xlsx.Open(path)
//	...
//	defer wb.Close()
//	for _, sheet := range wb.Sheets() {
//		if _, err := wb.FindHeader(sheet, xlsx.MaxHeaderScan, accept); err != nil {
//			continue // errors.Is(err, xlsx.ErrNoHeader): not this ledger's sheet
//		}
//		s, err := wb.WriteCSV(sheet, accept, tmp, progress)
//		...
//	}
//
// Sheets, FindHeader and WriteCSV do the same for a path, opening and
// closing the workbook each time; opening unpacks the whole file and the
// shared strings are read once per Workbook, so the ingest should prefer a
// Workbook.
//
// # What the CSV holds
//
// The output is RFC 4180 CSV (comma, "\n" line ends, fields quoted by
// encoding/csv when they hold a comma, a quote, a line break or leading
// space), UTF-8 without a byte-order mark. Its first record is the header:
//
//	_sheet_row, <Sheet.Headers...>, _overflow
//
// and every further record is one data row of the worksheet:
//
//   - _sheet_row (ColumnSheetRow) is the 1-based worksheet row number, so
//     that rejects name the row a user sees in Excel even where empty rows
//     were skipped;
//   - then one field per header column, the cell's raw value (see below),
//     empty where the cell is empty; rows shorter than the header are padded
//     with empty fields;
//   - _overflow (ColumnOverflow) is empty unless the row has non-blank
//     cells to the right of the last header column; then it lists them as
//     "<column letter>=<value>" joined by "|" (for example "K=12|M=x"), so
//     that the ingest can reject the row instead of silently dropping
//     values that have no header.
//
// # Raw cell values
//
// Cells arrive as excelize's streaming reader returns them in raw mode
// (no number formatting): numbers as stored in the file (1234.5,
// 0.30000000000000004, 1.5E+20), dates as Excel serial numbers (42826 is
// 2017-04-01 in the 1900 date system), booleans as 1 and 0, numbers stored
// as text as the text (leading zeros kept), formula cells as their cached
// value, error cells as their code (#N/A). The SQL side parses serial
// dates; Sheet.Date1904 tells it which epoch the workbook uses (1904
// system: serial 0 = 1904-01-01; 1900 system: serial 60 is the fictitious
// 1900-02-29).
//
// # Reading worksheets
//
// Rows are read by the package's own streaming reader, which scans the
// worksheet's XML as bytes from the zip archive, and which returns, row
// for row and cell for cell, what excelize's Rows and Columns with
// RawCellValue return. It reads:
//
//   - shared strings (xl/sharedStrings.xml, loaded once per Workbook),
//     rich text (the text of the <r> runs joined) and phonetic runs (left
//     out), inline strings (<is>), and _xHHHH_ escapes in both;
//   - the cell types s, str, inlineStr, n, b (1 and 0 as stored), e (the
//     error code as text), d and none; a formula's cached <v>;
//   - rows with or without r (then the previous row + 1), rows missing from
//     the XML (returned as empty rows), cells with or without r (then the
//     previous cell's column + 1), empty and self-closing cells;
//   - any namespace prefix (<x:row>, <x:c>), entities and character
//     references, CDATA sections, comments, processing instructions,
//     xml:space, CR LF line ends (read as LF, as encoding/xml reads them),
//     a byte-order mark, and sheets, rows and strings of any size.
//
// It hands the sheet to excelize's streaming reader, which then reads it
// from the first row (the rows already returned are skipped, so the
// caller sees excelize's rows either way), wherever excelize's result
// would depend on something it does not model: rows out of order or
// repeated, row numbers or cell references excelize reads in its own way
// ("$A$1", r="x"), an unknown cell type, a shared string index that is not
// a plain number or lies beyond the table, a cell inside a cell, two <is>
// in a cell, attributes encoding/xml would fail to parse into excelize's
// types (s="x", a formula's ca="yes", a bad rich-text or phonetic
// attribute), DOCTYPE and other directives, non-ASCII element names, an
// encoding other than UTF-8, shared strings in an unexpected shape or
// namespace (malformed ones included), and a malformed
// [Content_Types].xml. Debug, if set, says when and why. The agreement
// with excelize is tested on every workbook the tests build, on
// hand-written XML and by fuzzing. Worksheet XML that is malformed or cut
// off is not handed over but is an error (see below).
//
// # Malformed and cut-off worksheets
//
// Rows are never dropped silently: a worksheet whose XML is malformed or
// cut off anywhere, in the sheet data or after it, or whose zip entry
// fails its checksum, is an error wrapping ErrCorrupt that names the file,
// the sheet, the last row read and the byte of the XML where it breaks:
//
//	/in/x.xlsx sheet "Sheet1": not a readable XLSX workbook: the worksheet's
//	XML is malformed or cut off at byte 43634, after row 300: unexpected EOF
//
// WriteCSV returns it once it has read that far (the CSV written so far is
// incomplete and must not be loaded), FindHeader only if it reads that
// far. The fast reader fails where the XML breaks; as it returns a row
// only once it has read the next row's start tag, the row it names is the
// last one it returned: the row before the one the XML breaks in, or, if
// the XML breaks between two rows, the row before those. Its byte scanner
// fails on exactly the XML encoding/xml rejects, except where it refuses
// XML it does not handle (above); fuzzing checks both directions.
//
// excelize's streaming reader, by contrast, stops silently where the XML
// breaks, returning the row it was reading as far as it got. Wherever
// excelize's reader reads a sheet (a sheet handed over, or the tests'
// switch to excelize alone), its last row is therefore followed by a check
// that reads the sheet's XML again to its end, with the byte scanner or,
// where that refuses the XML, with encoding/xml as excelize decodes it; the
// error then says "in or after row N", N being the last row excelize
// returned. The check adds a tenth or so to excelize's time; the fast
// reader's is unchanged. The check is skipped, and a cut-off sheet read as
// far as it goes, only where the package cannot find the sheet's part in
// the zip archive as excelize does (workbook.xml and excelize disagree on
// the sheets, or two zip entries share the part's name). excelize itself
// notices a cut-off deflate stream when the workbook is opened (ErrCorrupt
// from Open), but not a checksum mismatch.
//
// # Finding the header
//
// Ledgers exported from office systems often start with one or two title
// rows ("2017年惠民资金发放台账" merged across the table, "填报单位：xx镇
// 单位：元") and may have a two-level header made of merged cells. Merged
// cells are never read, because asking excelize for a sheet's merges loads
// the whole sheet; instead the header is found from cell text alone:
//
//  1. The first MaxHeaderScan rows (or the number the caller gives) are
//     scanned. Each non-empty row r is a candidate last header row, resolved
//     with the row directly above it (r−1): a column whose cell in r is
//     empty takes the text of r−1 in that column (a vertical merge such as
//     单位编码 over A3:A4 keeps its text in A3 only); a non-empty cell of r
//     always wins (the sub-header 金额(元) under a horizontally merged
//     发放金额 names its column, and the column to its right, empty in row
//     r−1, takes its own sub-header 发放日期). The upper text is never used
//     as a prefix.
//  2. The resolved row is as wide as the wider of r and r−1, less trailing
//     empty columns, so a vertically merged last column is kept. The price
//     is that text in r−1 beyond the table (a title or a "单位：元" note to
//     the right of the last column) becomes an extra header whose column is
//     empty; the ingest reports it as an extra column.
//  3. Header text is trimmed and runs of white space, including line breaks
//     typed with Alt+Enter, become one space ("发放\n日期" → "发放 日期",
//     which model.HeaderKey matches as 发放日期).
//  4. The first candidate accepted by the caller's accept function is the
//     header, with one exception for two-level headers where the upper row
//     alone is accepted: if the next row r+1 (a) names at least one column
//     that the resolved row r leaves unnamed, (b) holds only non-numeric
//     text, and (c) resolved with row r is accepted too, then r+1 is the
//     last header row. Data rows hold numbers (amounts, serial dates), so
//     they fail (b) in practice.
//  5. If no row is accepted, the error wraps ErrNoHeader and lists the
//     first non-empty row's cells.
//
// Rows above the header are never data.
//
// # Empty rows
//
// A row whose cells are all empty or blank (white space only) is not a data
// row: it is neither written nor counted in Sheet.Rows. Rows are not
// renumbered; _sheet_row always holds the worksheet row number, and rows
// missing from the sheet's XML count as empty rows.
//
// # Speed
//
// On the development machine (2 cores, shared) WriteCSV writes 200,000
// rows of 9 columns in about 1 second, opening the workbook included:
// about 180,000 to 200,000 rows per second, against 20,000 to 25,000 with
// excelize's streaming reader, whose XML decoding (encoding/xml) is its
// bottleneck (see BenchmarkWriteCSV). A worksheet is inflated in a
// read-ahead goroutine while it is scanned. Opening a workbook still has
// excelize unpack every part (large worksheets to temporary files), about
// a fifth of the time; the peak heap is 40 to 75 MiB, most of it the
// shared strings, which excelize and this package both hold.
//
// # Errors
//
// Open returns ErrEncrypted for a password-protected workbook, ErrCorrupt
// (wrapping the underlying error) for a file that is not a readable XLSX
// workbook, including a legacy .xls file, and the os error for a missing
// file; every error names the path. A missing sheet wraps ErrNoSheet and
// lists the sheets the workbook has. A worksheet whose XML is malformed or
// cut off is ErrCorrupt from WriteCSV and FindHeader (see above).
package xlsx
