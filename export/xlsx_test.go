package export

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const hostile = "=cmd|' /C calc'!A0"

// workbook writes the fixture's four exports as one workbook in lang and
// opens it.
func workbook(t *testing.T, lang Lang) (*excelize.File, string) {
	t.Helper()
	db, run := fixture(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `INSERT INTO rejects VALUES
	  (1, 'payments', 'payments.csv', NULL, 7, 'amount_yuan', '`+strings.ReplaceAll(hostile, "'", "''")+`', 'not a number', NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO targets (run_id, kind, unit_id, round, team, seq, forced, reason_zh, reason_en) VALUES ('r1', 'reminder', 'u1', NULL, NULL, 1, true, '理由', 'reason')`); err != nil {
		t.Fatal(err)
	}
	var sheets []Sheet
	for _, w := range []What{Scores, Indicators, Targets, Rejects} {
		tab, err := Query(ctx, db, w, run)
		if err != nil {
			t.Fatal(err)
		}
		sheets = append(sheets, Sheet{Name: w.Title(lang), Table: tab})
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := WriteSheets(sheets, "xlsx", path, lang); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, path
}

func TestWorkbook(t *testing.T) {
	f, path := workbook(t, Zh)
	want := []string{"风险评分", "指标明细", "提醒与巡察对象", "未入库记录"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	rows, err := f.GetRows("风险评分")
	if err != nil {
		t.Fatal(err)
	}
	head := []string{"单位编码", "单位名称", "层级", "所属区县编码", "风险分（0–100，百分位）", "排名", "风险等级",
		"主要原因", "主要原因（英文）", "综合指数", "案件（类别百分位）", "信访举报（类别百分位）", "问题线索（类别百分位）",
		"趋势（类别百分位）", "惠民资金（类别百分位）", "集体三资（类别百分位）", "监督覆盖（类别百分位）", "问责历史（类别百分位）",
		"群众满意度（类别百分位）", "立案发生率（平滑）", "重点线索积压"}
	if !slices.Equal(rows[0], head) {
		t.Errorf("header %q\nwant   %q", rows[0], head)
	}
	if len(rows) != 3 || rows[1][1] != hostile || rows[1][4] != "91.50" || rows[1][5] != "1" {
		t.Errorf("rows %q", rows)
	}
	if rows, _ := f.GetRows("未入库记录"); len(rows) != 2 || rows[0][6] != "原值" || rows[1][6] != hostile {
		t.Errorf("rejects %q", rows)
	}
	if rows, _ := f.GetRows("提醒与巡察对象"); len(rows) != 2 || rows[0][8] != "全覆盖须列入" || rows[1][8] != "是" {
		t.Errorf("targets %q", rows)
	}

	filters := autoFilters(t, path)
	names := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			names[d.Scope] = d.RefersTo
		}
	}
	for i, sheet := range want {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the header row frozen", sheet, panes)
		}
		rows, _ := f.GetRows(sheet)
		cols, _ := f.GetCols(sheet)
		last, _ := excelize.CoordinatesToCellName(len(cols), len(rows))
		if ref := strings.ReplaceAll(filters[i], "$", ""); ref != "A1:"+last {
			t.Errorf("%s: autoFilter %q, want A1:%s", sheet, ref, last)
		}
		if names[sheet] == "" {
			t.Errorf("%s: no _xlnm._FilterDatabase name (%v)", sheet, names)
		}
	}
}

// autoFilters reads the autoFilter range of each worksheet of the file.
func autoFilters(t *testing.T, path string) []string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	re := regexp.MustCompile(`<autoFilter ref="([^"]*)"`)
	var out []string
	for i := 1; ; i++ {
		r, err := zr.Open("xl/worksheets/sheet" + string(rune('0'+i)) + ".xml")
		if err != nil {
			return out
		}
		b, _ := io.ReadAll(r)
		r.Close()
		m := re.FindSubmatch(b)
		if m == nil {
			out = append(out, "")
		} else {
			out = append(out, string(m[1]))
		}
	}
}

// TestWorkbookInjection checks every sheet's hostile text: written as a
// text cell, not a formula, and not altered.
func TestWorkbookInjection(t *testing.T) {
	f, _ := workbook(t, En)
	found := 0
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c, v := range row {
				if !strings.HasPrefix(v, "=") {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, ref)
				typ, _ := f.GetCellType(sheet, ref)
				if formula != "" || typ != excelize.CellTypeInlineString || v != hostile {
					t.Errorf("%s!%s: %q formula %q type %v", sheet, ref, v, formula, typ)
				}
				found++
			}
		}
	}
	if found != 5 { // the unit's name in scores, two indicators and targets; the rejected value
		t.Errorf("found %d hostile cells, want 5", found)
	}
}

func TestLangEn(t *testing.T) {
	f, _ := workbook(t, En)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Scores", "Indicators", "Targets", "Rejects"}) {
		t.Errorf("sheets %q", got)
	}
	rows, _ := f.GetRows("Targets")
	if len(rows) != 2 || !slices.Equal(rows[0][:5], []string{"Kind", "Round", "Team", "Order", "Unit code"}) ||
		rows[0][8] != "Due under full coverage" || rows[1][8] != "yes" {
		t.Errorf("targets %q", rows)
	}
}

// TestNumberFormats writes one value of every kind and reads back its
// number format, its value as shown and, for dates, the serial underneath.
func TestNumberFormats(t *testing.T) {
	day := time.Date(2017, 5, 31, 0, 0, 0, 0, time.UTC)
	tab := &Table{
		Columns: []Column{
			{Name: "code", Kind: Text}, {Name: "n", Kind: Int}, {Name: "amount_yuan", Kind: Amount},
			{Name: "rate", Kind: Rate}, {Name: "score", Kind: Score}, {Name: "paid_on", Kind: Date},
			{Name: "at", Kind: Time}, {Name: "ok", Kind: Bool}, {Name: "auto_day", Kind: Auto}, {Name: "x", Kind: Number},
		},
		Rows: [][]any{
			{"007", int32(12345), 1234567.891, 0.12345, 91.5, day, day.Add(13*time.Hour + 5*time.Minute), true, day, 0.0012345},
			{nil, nil, int64(-5000), nil, nil, nil, nil, false, nil, nil},
		},
	}
	path := filepath.Join(t.TempDir(), "kinds.xlsx")
	if err := WriteSheets([]Sheet{{Name: "kinds", Table: tab}}, "xlsx", path, En); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct {
		cell, numFmt, shown, raw string
	}{
		{"A2", "@", "007", "007"},
		{"B2", "0", "12345", "12345"},
		{"C2", "#,##0.00", "1,234,567.89", "1234567.891"},
		{"C3", "#,##0.00", "-5,000.00", "-5000"},
		{"D2", "0.000", "0.123", "0.12345"},
		{"E2", "0.00", "91.50", "91.5"},
		{"F2", "yyyy-mm-dd", "2017-05-31", "42886"}, // a real date: Excel's serial for 2017-05-31
		{"G2", "yyyy-mm-dd hh:mm:ss", "2017-05-31 13:05:00", "42886.5451388889"},
		{"H2", "", "yes", "yes"},
		{"H3", "", "no", "no"},
		{"I2", "yyyy-mm-dd", "2017-05-31", "42886"},
		{"J2", "", "0.0012345", "0.0012345"},
	} {
		numFmt := cellNumFmt(t, f, "kinds", c.cell)
		shown, _ := f.GetCellValue("kinds", c.cell)
		raw, _ := f.GetCellValue("kinds", c.cell, excelize.Options{RawCellValue: true})
		if numFmt != c.numFmt || shown != c.shown || raw != c.raw {
			t.Errorf("%s: format %q shown %q raw %q, want %q %q %q", c.cell, numFmt, shown, raw, c.numFmt, c.shown, c.raw)
		}
	}
	if typ, _ := f.GetCellType("kinds", "F2"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("the date is stored as text")
	}
}

// cellNumFmt returns the number format of a cell: a built-in's code or the
// custom format.
func cellNumFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return map[int]string{0: "", 1: "0", 2: "0.00", 4: "#,##0.00", 49: "@"}[st.NumFmt]
}

func TestColumnWidths(t *testing.T) {
	tab := &Table{
		Columns: []Column{{Name: "name", Zh: "单位名称"}, {Name: "n", Zh: "n", Kind: Int}, {Name: "reason", Zh: "理由"},
			{Name: "amount", Zh: "金额", Kind: Amount}, {Name: "d", Zh: "日期", Kind: Date}},
		Rows: [][]any{{"红星社区红星社区红星", int64(3), strings.Repeat("很长的理由", 40), 1234567.5, time.Now()}},
	}
	got := columnWidths(tab, Zh)
	// 20 for ten CJK characters, the minimum, the maximum, "1,234,567.50", "2006-01-02"; each +2.
	want := []float64{22, 6, 50, 14, 12}
	if !slices.Equal(got, want) {
		t.Errorf("widths %v, want %v", got, want)
	}
}

func TestSheetName(t *testing.T) {
	for in, want := range map[string]string{
		"风险评分":                     "风险评分",
		"":                         "Sheet",
		"a[b]c:d*e?f/g\\h":         "a_b_c_d_e_f_g_h",
		"'quoted'":                 "’quoted’",
		"tab\there":                "tab_here",
		strings.Repeat("长", 40):    strings.Repeat("长", 31),
		strings.Repeat("😀", 20):    strings.Repeat("😀", 15), // two UTF-16 units each
		"=HYPERLINK(\"http://x\")": "=HYPERLINK(\"http___x\")",
	} {
		if got := SheetName(in); got != want {
			t.Errorf("SheetName(%q) = %q, want %q", in, got, want)
		}
	}
	got := sheetNames([]Sheet{{Name: "flags"}, {Name: "FLAGS"}, {Name: strings.Repeat("x", 31)}, {Name: strings.Repeat("x", 40)}})
	want := []string{"flags", "FLAGS (2)", strings.Repeat("x", 31), strings.Repeat("x", 27) + " (2)"}
	if !slices.Equal(got, want) {
		t.Errorf("sheetNames %q, want %q", got, want)
	}
}

func TestWriteSheetsFormats(t *testing.T) {
	a := &Table{Columns: []Column{{Name: "a", Zh: "甲"}}, Rows: [][]any{{"=1+1"}}}
	b := &Table{Columns: []Column{{Name: "b"}}, Rows: [][]any{{int64(2)}}}
	dir := t.TempDir()
	two := []Sheet{{Name: "one", Table: a}, {Name: "two", Table: b}}
	if err := WriteSheets(two, "csv", filepath.Join(dir, "x.csv"), Zh); err == nil {
		t.Error("two tables written to one CSV file")
	}
	if err := WriteSheets(two, "pdf", filepath.Join(dir, "x.pdf"), Zh); err == nil {
		t.Error("unknown format accepted")
	}
	path := filepath.Join(dir, "x.json")
	if err := WriteSheets(two, "json", path, Zh); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, path)
	want := "{\n \"one\": [\n  {\n   \"a\": \"'=1+1\"\n  }\n ],\n \"two\": [\n  {\n   \"b\": 2\n  }\n ]\n}\n"
	if got != want {
		t.Errorf("json %q\nwant %q", got, want)
	}
	path = filepath.Join(dir, "x.csv")
	if err := WriteSheets(two[:1], "csv", path, Zh); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "\ufeffa\n'=1+1\n" {
		t.Errorf("csv %q: machine names and neutralised formulas", got)
	}
	path = filepath.Join(dir, "empty.xlsx")
	if err := WriteSheets([]Sheet{{Name: "empty", Table: &Table{}}, {Name: "header only", Table: &Table{Columns: a.Columns}}}, "xlsx", path, Zh); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows, _ := f.GetRows("header only"); len(rows) != 1 || rows[0][0] != "甲" {
		t.Errorf("header-only sheet %q", rows)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
