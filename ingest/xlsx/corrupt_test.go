package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// abc are the shared strings nums looks up.
var abc = []string{`<si><t>a</t></si>`, `<si><t>b</t></si>`, `<si><t>c</t></si>`}

// cutAfterRow cuts a worksheet's XML part way into the row after row n.
func cutAfterRow(sheet string, n int) string {
	i := strings.Index(sheet, `<row r="`+strconv.Itoa(n+1)+`"`)
	return sheet[:i+60]
}

// TestCorruptSheetXML: a worksheet whose XML is cut off or malformed part
// way is an error wrapping ErrCorrupt that names the file, the sheet and
// the last row read, with the fast reader and with excelize's reader.
func TestCorruptSheetXML(t *testing.T) {
	const header = `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>`
	whole := ws(header + nums(2, 400))
	for _, tc := range []struct {
		name  string
		sheet string
		fast  string // what the fast reader's error says
		slow  string // what excelize's reader's error says
		falls bool   // the fast reader hands the sheet to excelize first
	}{
		{"cut off after row 300", cutAfterRow(whole, 300),
			"after row 300", "in or after row 301", false},
		{"cut off between rows", whole[:strings.Index(whole, `<row r="301"`)+3],
			"after row 299", "in or after row 300", false},
		{"broken entity in the middle", ws(header + nums(2, 199) + `<row r="201"><c r="A201" t="str"><v>&bogus;</v></c></row>` + nums(202, 100)),
			"after row 200", "in or after row 201", false},
		{"mismatched end tag in the middle", ws(header + nums(2, 199) + `<row r="201"><c r="A201"><v>1</v></row>` + nums(202, 100)),
			"after row 200", "in or after row 201", false},
		{"cut off after the sheet data", strings.TrimSuffix(ws(header+nums(2, 10)), "</worksheet>"),
			"after row 11", "in or after row 11", false},
		{"rows out of order, then cut off", cutAfterRow(ws(header+`<row r="3"/><row r="2"/>`+nums(4, 400)), 300),
			"in or after row 301", "in or after row 301", true},
		{"DOCTYPE, then cut off", cutAfterRow(`<?xml version="1.0"?><!DOCTYPE worksheet><worksheet xmlns="`+nsMain+`"><sheetData>`+header+nums(2, 400), 300),
			"in or after row 301", "in or after row 301", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.xlsx")
			must(t, (&rawBook{Sheets: []string{"Sheet1"}, Worksheets: []string{tc.sheet}, Strings: abc}).write(path))
			for _, fast := range []bool{true, false} {
				wb, err := Open(path)
				must(t, err)
				wb.fast = fast
				_, err = wb.WriteCSV("Sheet1", acceptAny, io.Discard, nil)
				want := map[bool]string{true: tc.fast, false: tc.slow}[fast]
				if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), `sheet "Sheet1"`) ||
					!strings.Contains(err.Error(), " "+want+":") {
					t.Errorf("fast %v: err = %v, want ErrCorrupt naming the file, the sheet and %q", fast, err, want)
				}
				if testing.Verbose() {
					t.Logf("fast %v: %v", fast, err)
				}
				if fast && (len(wb.fallbacks) > 0) != tc.falls {
					t.Errorf("fallbacks %v, want some: %v", wb.fallbacks, tc.falls)
				}
				must(t, wb.Close())
			}
		})
	}
}

// TestCorruptFindHeader: FindHeader reports a corrupt sheet if it reads as
// far as the break, and only then.
func TestCorruptFindHeader(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		cutAfter int
		corrupt  bool
	}{{4, true}, {300, false}} {
		path := filepath.Join(dir, "bad.xlsx")
		must(t, (&rawBook{Sheets: []string{"Sheet1"}, Worksheets: []string{cutAfterRow(ws(nums(1, 400)), tc.cutAfter)}, Strings: abc}).write(path))
		for _, fast := range []bool{true, false} {
			wb, err := Open(path)
			must(t, err)
			wb.fast = fast
			_, err = wb.FindHeader("Sheet1", 0, func([]string) bool { return false })
			if errors.Is(err, ErrCorrupt) != tc.corrupt || errors.Is(err, ErrNoHeader) == tc.corrupt {
				t.Errorf("cut after row %d, fast %v: err = %v, want corrupt %v", tc.cutAfter, fast, err, tc.corrupt)
			}
			must(t, wb.Close())
		}
	}
}

// TestCorruptZipEntry: a worksheet's zip entry cut off part way or failing
// its checksum is ErrCorrupt, when the workbook is opened (excelize unpacks
// every part and notices a cut-off deflate stream) or when it is read (a
// checksum excelize does not check).
func TestCorruptZipEntry(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	must(t, (&rawBook{Sheets: []string{"Sheet1"}, Worksheets: []string{ws(nums(1, 400))}, Strings: abc}).write(good))
	// rewrite copies good with the sheet's entry replaced by raw data.
	rewrite := func(name string, sheet func(f *zip.File) (*zip.FileHeader, []byte)) string {
		zr, err := zip.OpenReader(good)
		must(t, err)
		defer zr.Close()
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			if f.Name != "xl/worksheets/sheet1.xml" {
				must(t, zw.Copy(f))
				continue
			}
			h, data := sheet(f)
			w, err := zw.CreateRaw(h)
			must(t, err)
			_, err = w.Write(data)
			must(t, err)
		}
		must(t, zw.Close())
		path := filepath.Join(dir, name)
		must(t, os.WriteFile(path, buf.Bytes(), 0o600))
		return path
	}
	cut := rewrite("cut.xlsx", func(f *zip.File) (*zip.FileHeader, []byte) {
		rc, err := f.OpenRaw()
		must(t, err)
		raw, err := io.ReadAll(rc)
		must(t, err)
		h := f.FileHeader
		h.CompressedSize64 = uint64(len(raw) / 2)
		return &h, raw[:len(raw)/2]
	})
	if _, err := Open(cut); !errors.Is(err, ErrCorrupt) {
		t.Errorf("cut-off entry: Open: err = %v, want ErrCorrupt", err)
	}
	checksum := rewrite("checksum.xlsx", func(f *zip.File) (*zip.FileHeader, []byte) {
		rc, err := f.Open()
		must(t, err)
		data, err := io.ReadAll(rc)
		must(t, err)
		h := &zip.FileHeader{Name: f.Name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(data) + 1,
			CompressedSize64: uint64(len(data)), UncompressedSize64: uint64(len(data))}
		return h, data
	})
	for _, fast := range []bool{true, false} {
		wb, err := Open(checksum)
		must(t, err)
		wb.fast = fast
		_, err = wb.WriteCSV("Sheet1", acceptAny, io.Discard, nil)
		if !errors.Is(err, ErrCorrupt) || !errors.Is(err, zip.ErrChecksum) || !strings.Contains(err.Error(), "row 400") {
			t.Errorf("checksum, fast %v: err = %v, want ErrCorrupt and zip.ErrChecksum after row 400", fast, err)
		}
		must(t, wb.Close())
	}
}
