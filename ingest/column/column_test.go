package column

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		wan  bool
		want float64
		err  error
	}{
		{"1234.5", false, 1234.5, nil},
		{"1,234.50", false, 1234.5, nil},
		{"1,234,567", false, 1234567, nil},
		{" 12 ", false, 12, nil},
		{"１２３４．５０", false, 1234.5, nil},
		{"１，２３４", false, 1234, nil},
		{"(1,234.50)", false, -1234.5, nil},
		{"（１２．５０）", false, -12.5, nil},
		{"-12.5", false, -12.5, nil},
		{"−12.5", false, -12.5, nil}, // U+2212
		{"+3", false, 3, nil},
		{"¥88", false, 88, nil},
		{"￥1,000.00", false, 1000, nil},
		{"$-3", false, -3, nil},
		{"-$3", false, -3, nil},
		{"1.5万元", false, 15000, nil},
		{"2万", false, 20000, nil},
		{"2000元", true, 2000, nil}, // a unit in the cell wins over a 万元 header
		{"1.5", true, 15000, nil},
		{".5", false, 0.5, nil},
		{"5.", false, 5, nil},
		{"1.2E+4", false, 12000, nil},
		{"0.30000000000000004", false, 0.30000000000000004, nil},
		{"", false, 0, ErrEmpty},
		{" \u3000\t", false, 0, ErrEmpty},
		{"abc", false, 0, ErrNotNumber},
		{"12,34", false, 0, ErrNotNumber}, // a decimal comma is not guessed at
		{"1,23,456", false, 0, ErrNotNumber},
		{",123", false, 0, ErrNotNumber},
		{"1234,567", false, 0, ErrNotNumber},
		{"NaN", false, 0, ErrNotNumber},
		{"Inf", false, 0, ErrNotNumber},
		{"1e999", false, 0, ErrNotNumber},
		{"--5", false, 0, ErrNotNumber},
		{"(-5)", false, 0, ErrNotNumber},
		{"-", false, 0, ErrNotNumber},
		{"1.2.3", false, 0, ErrNotNumber},
		{"1e", false, 0, ErrNotNumber},
		{"0x10", false, 0, ErrNotNumber},
		{"12%", false, 0, ErrNotNumber},
	} {
		got, err := ParseNumber(c.in, c.wan)
		if !errors.Is(err, c.err) || (c.err == nil && got != c.want) {
			t.Errorf("ParseNumber(%q, %v) = %v, %v; want %v, %v", c.in, c.wan, got, err, c.want, c.err)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1,234.50", "（１２．５０）", "¥-3", "1.5万元", "1e5", "abc", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumber(s, false)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		if x, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(x, 0) && !math.IsNaN(x) && !strings.ContainsAny(s, "_xXpP") {
			if v, err := ParseNumber(s, false); err != nil || v != x {
				t.Fatalf("ParseNumber(%q) = %v, %v; strconv says %v", s, v, err, x)
			}
		}
	})
}

func TestReadCSV(t *testing.T) {
	for _, c := range []struct {
		file, column string
		want         Column
		bad          []int // rows of the unreadable cells
	}{
		{"bom_crlf.csv", "金额", Column{Header: "金额", HeaderRow: 1, Values: []float64{1234.5, -12.5, 88, 15000},
			Rows: 7, Empty: 2, BadCount: 1, Format: "csv", Encoding: "UTF-8 with BOM", Delimiter: ","}, []int{6}},
		{"tab.tsv", " AMOUNT ", Column{Header: "Amount", HeaderRow: 1, Values: []float64{10.5, -3, 1000},
			Rows: 3, Format: "csv", Encoding: "UTF-8", Delimiter: "\t"}, nil},
		{"title_semicolon.csv", "amount (万元)", Column{Header: "amount (万元)", HeaderRow: 3, Values: []float64{15000, 2000},
			Rows: 3, BadCount: 1, Wan: true, Format: "csv", Encoding: "UTF-8", Delimiter: ";"}, []int{6}},
	} {
		t.Run(c.file, func(t *testing.T) {
			got, err := Read(filepath.Join("testdata", c.file), Options{Column: c.column})
			if err != nil {
				t.Fatal(err)
			}
			checkColumn(t, got, c.want, c.bad)
		})
	}
}

func checkColumn(t *testing.T, got, want Column, bad []int) {
	t.Helper()
	var rows []int
	for _, b := range got.Bad {
		rows = append(rows, b.Row)
		if !errors.Is(b.Err, ErrNotNumber) {
			t.Errorf("bad cell %+v: error does not wrap ErrNotNumber", b)
		}
	}
	if fmt.Sprint(rows) != fmt.Sprint(bad) {
		t.Errorf("bad rows %v, want %v (%+v)", rows, bad, got.Bad)
	}
	got.Bad = nil
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if got.Rows != len(got.Values)+got.Empty+got.BadCount {
		t.Errorf("rows %d != values %d + empty %d + bad %d", got.Rows, len(got.Values), got.Empty, got.BadCount)
	}
}

// TestReadGBK: a CSV written in GBK (as Excel saves "CSV" on a Chinese
// Windows) is read as GB18030, even when the first non-UTF-8 byte comes
// after many ASCII rows.
func TestReadGBK(t *testing.T) {
	for _, asciiRows := range []int{0, 5000} {
		var b strings.Builder
		b.WriteString("id,amount,单位\n")
		if asciiRows == 0 {
			b.Reset()
			b.WriteString("编号,金额,单位\n")
		}
		for i := range asciiRows {
			fmt.Fprintf(&b, "%d,%d.25,x\n", i, i+1)
		}
		b.WriteString("9001,１２３,甲村\n9002,￥45.6,乙村\n")
		gbk, err := simplifiedchinese.GBK.NewEncoder().String(b.String())
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "gbk.csv")
		if err := os.WriteFile(path, []byte(gbk), 0o600); err != nil {
			t.Fatal(err)
		}
		col := "金额"
		if asciiRows > 0 {
			col = "amount"
		}
		got, err := Read(path, Options{Column: col})
		if err != nil {
			t.Fatal(err)
		}
		if got.Encoding != "GB18030" || len(got.Values) != asciiRows+2 || got.Values[asciiRows] != 123 || got.Values[asciiRows+1] != 45.6 || got.Header != col {
			t.Errorf("%d ASCII rows: %s header %q, %d values, last %v", asciiRows, got.Encoding, got.Header, len(got.Values), got.Values[max(0, len(got.Values)-2):])
		}
	}
}

// TestReadXLSX builds a small workbook: a title row above the header, number
// cells (one with a display format that must not leak into the value),
// text cells, a missing row, a bad cell, a row too short to reach the column.
func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	if _, err := f.NewSheet("付款"); err != nil {
		t.Fatal(err)
	}
	a, b := 0.1, 0.2
	cells := map[string]any{
		"Sheet1!A1": "other sheet", "Sheet1!A2": "x",
		"付款!A1": "2023年资金支出明细表",
		"付款!A2": "编号", "付款!B2": "金额（元）", "付款!C2": "备注",
		"付款!A3": 1, "付款!B3": 1153.35,
		"付款!A4": 2, // B4 below, with 17 decimals: SetCellValue keeps 15 digits as Excel does
		"付款!A5": 3, "付款!B5": "1,234.50",
		// row 6 missing
		"付款!A7": 5, "付款!B7": "n/a",
		"付款!A8": 6,
		"付款!A9": 7, "付款!B9": 1234567.891,
	}
	for ref, v := range cells {
		sheet, cell, _ := strings.Cut(ref, "!")
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellFloat("付款", "B4", a+b, 17, 64); err != nil {
		t.Fatal(err)
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("付款", "B9", "B9", style); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := f.SaveAs(filepath.Join(dir, "pay.xlsx")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "pay.data") // not .xlsx: the zip signature decides
	if err := os.Rename(filepath.Join(dir, "pay.xlsx"), path); err != nil {
		t.Fatal(err)
	}

	got, err := Read(path, Options{Column: "金额（元）", Sheet: "付款"})
	if err != nil {
		t.Fatal(err)
	}
	checkColumn(t, got, Column{Header: "金额（元）", HeaderRow: 2, Values: []float64{1153.35, a + b, 1234.5, 1234567.891},
		Rows: 7, Empty: 2, BadCount: 1, Format: "xlsx", Sheet: "付款"}, []int{7})

	_, err = Read(path, Options{Column: "金额（元）"}) // first sheet: Sheet1
	if !errors.Is(err, ErrColumnNotFound) || !strings.Contains(err.Error(), `"other sheet"`) {
		t.Errorf("first sheet: %v", err)
	}
	_, err = Read(path, Options{Column: "x", Sheet: "Sheet9"})
	if !errors.Is(err, ErrSheetNotFound) || !strings.Contains(err.Error(), `"付款"`) {
		t.Errorf("missing sheet: %v", err)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name, path, column string
		is                 error
		mentions           []string
	}{
		{"missing file", filepath.Join(dir, "nope.csv"), "a", fs.ErrNotExist, []string{"nope.csv"}},
		{"column not found", write("a.csv", "id,Amount,Note\n1,2,3\n"), "amount_yuan", ErrColumnNotFound, []string{"a.csv", `"amount_yuan"`, `"id", "Amount", "Note"`}},
		{"empty file", write("empty.csv", ""), "a", ErrEmptyFile, []string{"empty.csv"}},
		{"blank file", write("blank.csv", "\n\n  \n"), "a", ErrEmptyFile, nil},
		{"BOM only", write("bom.csv", "\xef\xbb\xbf"), "a", ErrEmptyFile, nil},
		{"directory", dir, "a", nil, []string{"directory"}},
		{"no column name", write("b.csv", "a\n1\n"), " ", nil, []string{"no column name"}},
		{"not a workbook", write("bad.xlsx", "PK\x03\x04garbage"), "a", nil, []string{"bad.xlsx"}},
		{"xls", write("old.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "a", ErrUnsupported, []string{"old.xls", ".xlsx or CSV"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.path, Options{Column: c.column})
			if err == nil || (c.is != nil && !errors.Is(err, c.is)) {
				t.Fatalf("err = %v, want %v", err, c.is)
			}
			for _, m := range c.mentions {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("%q does not mention %s", err, m)
				}
			}
		})
	}
}

func TestMaxBad(t *testing.T) {
	var b strings.Builder
	b.WriteString("v\n")
	for range 30 {
		b.WriteString("bad\n1\n")
	}
	path := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ max, kept int }{{0, 30}, {5, 5}, {-1, 30}} {
		got, err := Read(path, Options{Column: "v", MaxBad: c.max})
		if err != nil {
			t.Fatal(err)
		}
		if got.BadCount != 30 || len(got.Bad) != c.kept || len(got.Values) != 30 || got.Bad[0].Row != 2 {
			t.Errorf("MaxBad %d: %d counted, %d kept, %d values, first row %d", c.max, got.BadCount, len(got.Bad), len(got.Values), got.Bad[0].Row)
		}
	}
}

// TestReadCorporatePayment reads benford.analysis' corporate.payment data
// (189,470 rows; 185,083 positive) when the reference data is present.
func TestReadCorporatePayment(t *testing.T) {
	dir, _ := filepath.Abs(".")
	for ; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "..", "shared", "refdata", "benford", "corporate_payment.csv")
		if _, err := os.Stat(p); err == nil {
			got, err := Read(p, Options{Column: "Amount"})
			if err != nil {
				t.Fatal(err)
			}
			pos := 0
			for _, v := range got.Values {
				if v > 0 {
					pos++
				}
			}
			if len(got.Values) != 189470 || got.Empty != 0 || got.BadCount != 0 || pos != 185083 {
				t.Errorf("%d values (%d positive), %d empty, %d bad", len(got.Values), pos, got.Empty, got.BadCount)
			}
			return
		}
		if filepath.Dir(dir) == dir {
			t.Skip("reference data not found: no ../shared/refdata/benford/corporate_payment.csv above the package")
		}
	}
}
