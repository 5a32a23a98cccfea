package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/microrisk/microrisk/model"
)

// acceptLedger accepts headers that name every required column of l, the
// rule the ingest applies.
func acceptLedger(l *model.Ledger) func([]string) bool {
	return func(headers []string) bool {
		got := map[string]bool{}
		for _, h := range headers {
			if c, _ := l.MatchHeader(h); c != nil {
				got[c.Name] = true
			}
		}
		for _, r := range l.Required() {
			if !got[r] {
				return false
			}
		}
		return true
	}
}

// cells sets a row of values starting at column A of row.
type cells map[string][]any

// build writes a workbook with one sheet per entry of sheets (in the order
// of names) into dir and returns its path. setup, if not nil, runs before
// saving. It checks that the fast reader reads the workbook by itself,
// exactly as excelize does.
func build(t testing.TB, names []string, sheets map[string]cells, setup func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range names {
		if i == 0 {
			must(t, f.SetSheetName("Sheet1", name))
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for ref, vals := range sheets[name] {
			must(t, f.SetSheetRow(name, ref, &vals))
		}
	}
	if setup != nil {
		setup(f)
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	must(t, f.SaveAs(path))
	// Every workbook a test builds is read by both readers too.
	checkReaders(t, path, fastReads)
	return path
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func writeCSV(t *testing.T, path, sheet string, accept func([]string) bool) (Sheet, string) {
	t.Helper()
	var buf bytes.Buffer
	s, err := WriteCSV(path, sheet, accept, &buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s, buf.String()
}

// day is an Excel date cell.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// ledgerSheet is a typical export: a merged title row, a unit line, a
// two-level header (发放金额 over 金额(元) and 发放日期, the other headers
// merged vertically), dates, numbers stored as text, an empty row, and
// values that need CSV quoting.
func ledgerSheet(t testing.TB, date1904 bool) string {
	const sheet = "2017年发放"
	return build(t, []string{sheet}, map[string]cells{sheet: {
		"A1": {"2017年惠民资金发放台账"},
		"A2": {"填报单位：青羊区xx镇  单位：元"},
		"A3": {"发放编号", "发放单位编码", "资金项目", "发放金额", nil, "领取人身份证号", "领取人\n姓名"},
		"D4": {"金额(元)", "发放日期"},
		"A5": {"P001", "0101", "低保", 1234.5, day(2017, 4, 1), "510104199001011234", "张三"},
		"A6": {"P002", "0102", "临时救助, 一次性", 800, day(2017, 4, 2), "510104199001011235", `李"四"`},
		"A8": {"P003", "0103", "低保", 99.99, day(2017, 4, 3), "510104199001011236", "王\n五"},
	}}, func(f *excelize.File) {
		if date1904 { // dates are converted with the workbook's system: set them again
			yes := true
			must(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
			for ref, d := range map[string]int{"E5": 1, "E6": 2, "E8": 3} {
				must(t, f.SetCellValue(sheet, ref, day(2017, 4, d)))
			}
		}
		for _, m := range [][2]string{{"A1", "G1"}, {"A2", "G2"}, {"A3", "A4"}, {"B3", "B4"}, {"C3", "C4"}, {"D3", "E3"}, {"F3", "F4"}, {"G3", "G4"}} {
			must(t, f.MergeCell(sheet, m[0], m[1]))
		}
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy, as Excel shows dates
		must(t, err)
		must(t, f.SetCellStyle(sheet, "E5", "E8", style))
	})
}

func TestTitleRowsAndTwoLevelHeader(t *testing.T) {
	path := ledgerSheet(t, false)
	s, got := writeCSV(t, path, "2017年发放", acceptLedger(model.Payments))
	want := `_sheet_row,发放编号,发放单位编码,资金项目,金额(元),发放日期,领取人身份证号,领取人 姓名,_overflow
5,P001,0101,低保,1234.5,42826,510104199001011234,张三,
6,P002,0102,"临时救助, 一次性",800,42827,510104199001011235,"李""四""",
8,P003,0103,低保,99.99,42828,510104199001011236,"王
五",
`
	if got != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, want)
	}
	wantSheet := Sheet{
		Name: "2017年发放", HeaderRow: 4, RowColumn: true, Rows: 3, BlankRows: 1,
		Headers: []string{"发放编号", "发放单位编码", "资金项目", "金额(元)", "发放日期", "领取人身份证号", "领取人 姓名"},
	}
	if !reflect.DeepEqual(s, wantSheet) {
		t.Errorf("Sheet = %+v, want %+v", s, wantSheet)
	}
	if c, _ := model.Payments.MatchHeader(s.Headers[6]); c == nil || c.Name != "payee_name" {
		t.Errorf("header %q with a line break does not match payee_name", s.Headers[6])
	}
}

func TestDate1904(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		path := ledgerSheet(t, date1904)
		s, got := writeCSV(t, path, "2017年发放", acceptLedger(model.Payments))
		if s.Date1904 != date1904 {
			t.Errorf("Date1904 = %v, want %v", s.Date1904, date1904)
		}
		// 2017-04-01 is serial 42826 in the 1900 system, 1462 days less in 1904.
		serial := "42826"
		if date1904 {
			serial = "41364"
		}
		if !strings.Contains(got, "1234.5,"+serial+",") {
			t.Errorf("1904=%v: 2017-04-01 not written as serial %s:\n%s", date1904, serial, got)
		}
	}
}

func TestFindHeader(t *testing.T) {
	path := ledgerSheet(t, false)
	headers, row, err := FindHeader(path, "2017年发放", 0, acceptLedger(model.Payments))
	if err != nil {
		t.Fatal(err)
	}
	if row != 4 || len(headers) != 7 || headers[4] != "发放日期" {
		t.Errorf("FindHeader = %q, %d", headers, row)
	}
	// Another ledger's accept finds nothing and says what the sheet starts with.
	_, _, err = FindHeader(path, "2017年发放", 0, acceptLedger(model.Cases))
	if !errors.Is(err, ErrNoHeader) || !strings.Contains(err.Error(), `"2017年惠民资金发放台账"`) || !strings.Contains(err.Error(), "2017年发放") {
		t.Errorf("err = %v, want ErrNoHeader naming the sheet and its first row", err)
	}
	// A header below the rows scanned is not found.
	if _, _, err := FindHeader(path, "2017年发放", 3, acceptLedger(model.Payments)); !errors.Is(err, ErrNoHeader) {
		t.Errorf("maxScan 3: err = %v, want ErrNoHeader", err)
	}
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cur, up []string
		want    []string
	}{
		{"no row above", []string{"a", "", "c"}, nil, []string{"a", "", "c"}},
		{"vertical merge", []string{"", "sub1", "sub2", ""}, []string{"id", "amount", "", "note"}, []string{"id", "sub1", "sub2", "note"}},
		{"sub-header wins", []string{"x", "y"}, []string{"upper", ""}, []string{"x", "y"}},
		{"title beyond the table", []string{"a", "b"}, []string{"", "", "", "单位：元"}, []string{"a", "b", "", "单位：元"}},
		{"trailing empties", []string{"a", " ", ""}, []string{"", "", ""}, []string{"a"}},
		{"white space", []string{" 发放\r\n日期 ", "a\u3000 b"}, nil, []string{"发放 日期", "a b"}},
	} {
		if got := resolve(tc.cur, tc.up); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: resolve(%q, %q) = %q, want %q", tc.name, tc.cur, tc.up, got, tc.want)
		}
	}
}

// TestSubHeaderRow: the upper header row alone names every required
// column; the lower row names the columns under a horizontal merge and must
// not be read as data.
func TestSubHeaderRow(t *testing.T) {
	top := []any{"发放编号", "单位编码", "资金项目", "领取人身份证号", "发放金额", "发放日期", "领取人", nil}
	path := build(t, []string{"S"}, map[string]cells{"S": {
		"A1": top,
		"G2": {"姓名", "账号"},
		"A3": {"P1", "U1", "低保", "ID1", 10, 42826, "张三", "6222"},
	}}, nil)
	s, got := writeCSV(t, path, "S", acceptLedger(model.Payments))
	want := "_sheet_row,发放编号,单位编码,资金项目,领取人身份证号,发放金额,发放日期,姓名,账号,_overflow\n3,P1,U1,低保,ID1,10,42826,张三,6222,\n"
	if got != want || s.HeaderRow != 2 {
		t.Errorf("HeaderRow %d, CSV:\n%s\nwant row 2,\n%s", s.HeaderRow, got, want)
	}

	// A data row under a header with an unnamed column stays data: here it
	// holds numbers; and an all-text one is not accepted as a header.
	path = build(t, []string{"S"}, map[string]cells{"S": {
		"A1": top,
		"A2": {"P1", "U1", "低保", "ID1", 10, 42826, "张三", "6222"},
		"A3": {"P2", "U2", "低保", "ID2", "十元", "昨天", "李四", "x"},
	}}, nil)
	s, got = writeCSV(t, path, "S", acceptLedger(model.Payments))
	want = "_sheet_row,发放编号,单位编码,资金项目,领取人身份证号,发放金额,发放日期,领取人,_overflow\n" +
		"2,P1,U1,低保,ID1,10,42826,张三,H=6222\n3,P2,U2,低保,ID2,十元,昨天,李四,H=x\n"
	if got != want || s.HeaderRow != 1 || s.OverflowRows != 2 {
		t.Errorf("HeaderRow %d, OverflowRows %d, CSV:\n%s\nwant row 1, 2,\n%s", s.HeaderRow, s.OverflowRows, got, want)
	}
	for _, data := range [][]string{
		{"P1", "U1", "低保", "ID1", "10", "42826", "张三", "6222"},
		{"P2", "U2", "低保", "ID2", "十元", "昨天", "李四", "x"},
	} {
		var h []string
		for _, v := range top {
			s, _ := v.(string)
			h = append(h, s)
		}
		names := resolve(h, nil)
		if subHeader(names, data) && acceptLedger(model.Payments)(resolve(data, h)) {
			t.Errorf("data row %q taken for a sub-header", data)
		}
	}
}

func TestRowsShortLongEmpty(t *testing.T) {
	path := build(t, []string{"台账"}, map[string]cells{"台账": {
		"A1": {"case_id", "unit_id", "filed_on", "domain"},
		"A2": {"C1", "U1", "2017-05-03", "land"},
		"A3": {"C2", "U2"},                               // short: padded
		"A4": {"   ", nil, "\t"},                         // blank: skipped
		"A6": {"C3", "U3", "42826", "land", nil, "x", 7}, // long: overflow
		"A7": {"C4", "U4", "42826", "land", " "},         // a blank extra cell is not overflow
		"Z9": {"far"},                                    // only overflow
	}}, nil)
	var calls []int64
	progressEvery = 2
	defer func() { progressEvery = ProgressEvery }()
	var buf bytes.Buffer
	s, err := WriteCSV(path, "台账", acceptLedger(model.Cases), &buf, func(n int64) { calls = append(calls, n) })
	if err != nil {
		t.Fatal(err)
	}
	want := `_sheet_row,case_id,unit_id,filed_on,domain,_overflow
2,C1,U1,2017-05-03,land,
3,C2,U2,,,
6,C3,U3,42826,land,F=x|G=7
7,C4,U4,42826,land,
9,,,,,Z=far
`
	if buf.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", buf.String(), want)
	}
	if s.Rows != 5 || s.BlankRows != 3 || s.OverflowRows != 2 {
		t.Errorf("Rows %d BlankRows %d OverflowRows %d, want 5 3 2", s.Rows, s.BlankRows, s.OverflowRows)
	}
	if !reflect.DeepEqual(calls, []int64{2, 4}) {
		t.Errorf("progress calls %v, want [2 4]", calls)
	}
}

func TestSheets(t *testing.T) {
	names := []string{"说明", "惠民资金 2017", "Sheet3"}
	path := build(t, names, map[string]cells{"惠民资金 2017": {"A1": {"case_id"}}}, nil)
	got, err := Sheets(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, names) {
		t.Errorf("Sheets = %q, want %q", got, names)
	}
	_, err = WriteCSV(path, "惠民资金2017", acceptLedger(model.Cases), new(bytes.Buffer), nil)
	if !errors.Is(err, ErrNoSheet) || !strings.Contains(err.Error(), `"惠民资金 2017"`) || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %v, want ErrNoSheet listing the sheets", err)
	}
	// An empty sheet has no header.
	_, err = WriteCSV(path, "Sheet3", acceptLedger(model.Cases), new(bytes.Buffer), nil)
	if !errors.Is(err, ErrNoHeader) || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty sheet: err = %v, want ErrNoHeader saying it is empty", err)
	}
}

func TestEncrypted(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "unit_id", "filed_on"}))
	path := filepath.Join(t.TempDir(), "secret.xlsx")
	must(t, f.SaveAs(path, excelize.Options{Password: "x"}))
	_, err := Sheets(path)
	if !errors.Is(err, ErrEncrypted) || !strings.Contains(err.Error(), path) {
		t.Errorf("Sheets: err = %v, want ErrEncrypted with the path", err)
	}
	if _, err := WriteCSV(path, "Sheet1", acceptLedger(model.Cases), new(bytes.Buffer), nil); !errors.Is(err, ErrEncrypted) {
		t.Errorf("WriteCSV: err = %v, want ErrEncrypted", err)
	}
}

func TestCorrupt(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(ledgerSheet(t, false))
	must(t, err)
	var other bytes.Buffer
	zw := zip.NewWriter(&other)
	w, err := zw.Create("readme.txt")
	must(t, err)
	w.Write([]byte("not a workbook"))
	must(t, zw.Close())
	for name, content := range map[string][]byte{
		"text.xlsx":      []byte("case_id,unit_id\nC1,U1\n"),
		"html.xls.xlsx":  []byte("\xEF\xBB\xBF<html><table><tr><td>案件编号</td></tr></table></html>"),
		"empty.xlsx":     nil,
		"truncated.xlsx": good[:len(good)/2],
		"otherzip.xlsx":  other.Bytes(),
		"ole.xlsx":       append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...),
	} {
		path := filepath.Join(dir, name)
		must(t, os.WriteFile(path, content, 0o600))
		_, err := Sheets(path)
		if !errors.Is(err, ErrCorrupt) || errors.Is(err, ErrEncrypted) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: err = %v, want ErrCorrupt with the path", name, err)
		}
		hint := map[string]string{"text.xlsx": "text file", "html.xls.xlsx": "HTML", "ole.xlsx": "OLE", "otherzip.xlsx": "without xl/workbook.xml"}[name]
		if err != nil && !strings.Contains(err.Error(), hint) {
			t.Errorf("%s: err = %v, want it to say %q", name, err, hint)
		}
	}
	_, err = Sheets(filepath.Join(dir, "missing.xlsx"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "missing.xlsx") {
		t.Errorf("missing file: err = %v, want fs.ErrNotExist with the path", err)
	}
}

// TestCSVRoundTrip reads the CSV back with encoding/csv: awkward values come
// back unchanged and every record has the header's width.
func TestCSVRoundTrip(t *testing.T) {
	awkward := []string{`a,b`, `say "hi"`, "two\nlines", "cr\rlf", " lead", "trail ", "=1+1", "'007", "", "全角，逗号", "tab\there"}
	rows := cells{"A1": {"case_id", "unit_id", "filed_on", "domain"}}
	for i, v := range awkward {
		rows["A"+strconv.Itoa(i+2)] = []any{v, "U", "2017-01-01", v}
	}
	path := build(t, []string{"S"}, map[string]cells{"S": rows}, nil)
	_, out := writeCSV(t, path, "S", acceptLedger(model.Cases))
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	must(t, err)
	for i, v := range awkward {
		if got := recs[i+1]; got[1] != v || got[4] != v || len(got) != 6 {
			t.Errorf("record %d = %q, want %q in columns 1 and 4", i+1, got, v)
		}
	}
}

func TestColumnName(t *testing.T) {
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 53: "BA", 702: "ZZ", 703: "AAA", 16384: "XFD"} {
		if got := columnName(n); got != want {
			t.Errorf("columnName(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestLimits: a workbook whose shared strings, or whose parts in all,
// unpack past the limits is refused before anything is unpacked.
func TestLimits(t *testing.T) {
	rows := cells{}
	for i := range 200 {
		rows["A"+strconv.Itoa(i+1)] = []any{"a long enough shared string number " + strconv.Itoa(i)}
	}
	path := build(t, []string{"Sheet1"}, map[string]cells{"Sheet1": rows}, nil)
	for _, tt := range []struct {
		name string
		lim  Limits
		want string
	}{
		{"shared strings", Limits{MaxUnpackedBytes: 1 << 30, MaxSharedStringsBytes: 1 << 10}, "shared strings unpack"},
		{"all parts", Limits{MaxUnpackedBytes: 4 << 10, MaxSharedStringsBytes: 1 << 30}, "it unpacks to"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := OpenWith(path, Options{Limits: tt.lim})
			if err == nil {
				wb.Close()
			}
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("OpenWith = %v, want ErrTooLarge: %s", err, tt.want)
			}
		})
	}
	wb, err := OpenWith(path, Options{})
	if err != nil {
		t.Fatalf("default limits: %v", err)
	}
	wb.Close()
}
