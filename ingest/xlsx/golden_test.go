package xlsx

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/microrisk/microrisk/model"
)

var (
	update       = flag.Bool("update", false, "rewrite testdata/*/expected.*")
	updateInputs = flag.Bool("update-inputs", false, "rewrite testdata/*/input.xlsx from their generators")
)

// goldenCase is testdata/<name>/case.json: what to read from input.xlsx.
type goldenCase struct {
	Ledger string `json:"ledger"` // accept requires this ledger's required columns
	Sheet  string `json:"sheet"`
}

// inputs generate testdata/<name>/input.xlsx (with -update-inputs); the
// committed files are what the test reads.
var inputs = map[string]func(t testing.TB, path string) error{
	"title_merged_header": func(t testing.TB, path string) error {
		b, err := os.ReadFile(ledgerSheet(t, false))
		if err != nil {
			return err
		}
		return os.WriteFile(path, b, 0o644)
	},
	"handmade_1904": func(_ testing.TB, path string) error { return handmade1904().write(path) },
}

// handmade1904 is a 1904-system workbook written the way Excel and WPS
// write one: shared strings (rich text with a phonetic run, an entity, an
// _x000D_ escape), inline strings, rows and cells without r attributes, a
// missing row, styled empty cells, formula, boolean and error cells, a
// value beyond the header.
func handmade1904() *rawBook {
	return &rawBook{
		Date1904: "true",
		Sheets:   []string{"说明", "案件台账"},
		Strings: []string{
			`<si><t>2019年立案登记表</t></si>`, // 0
			`<si><t>案件编号</t></si>`,       // 1
			`<si><t>单位编码</t></si>`,       // 2
			`<si><t>立案日期</t></si>`,       // 3
			`<si><r><rPr><b/></rPr><t>问题</t></r><r><t>领域</t></r><rPh sb="0" eb="2"><t>モンダイ</t></rPh></si>`, // 4
			`<si><t>是否通报曝光</t></si>`,                   // 5
			`<si><t>结案日期</t></si>`,                     // 6
			`<si><t>C-001</t></si>`,                    // 7
			`<si><t>0101</t></si>`,                     // 8
			`<si><t>land</t></si>`,                     // 9
			`<si><t>其他 &amp; &lt;未分类&gt;</t></si>`,     // 10
			`<si><t>备注_x000D_` + "\n" + `第二行</t></si>`, // 11
			`<si><t>本表仅供测试</t></si>`,                   // 12
		},
		SheetData: []func(w io.Writer) error{
			xmlData(`<row r="1"><c r="A1" t="s"><v>12</v></c></row>`),
			xmlData(`<row r="1" spans="1:7"><c r="A1" t="s"><v>0</v></c></row>` +
				`<row><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c><c t="s"><v>4</v></c>` +
				`<c t="inlineStr"><is><t>涉案金额` + "\n" + `(元)</t></is></c><c t="s"><v>5</v></c><c t="s"><v>6</v></c></row>` +
				`<row r="3"><c t="s"><v>7</v></c><c t="s"><v>8</v></c><c s="1"><v>43466</v></c><c t="s"><v>9</v></c>` +
				`<c><v>1234.5</v></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c></row>` +
				`<row r="5"><c r="A5" t="str"><f>"C-"&amp;"002"</f><v>C-002</v></c>` +
				`<c r="B5" t="inlineStr"><is><t xml:space="preserve"> 0102 </t></is></c><c r="C5" s="1"><v>43467.5</v></c>` +
				`<c r="D5" t="s"><v>10</v></c><c r="E5"><f>SUM(1,2)</f><v>3</v></c><c r="F5" s="1"/><c r="G5" t="s"><v>11</v></c>` +
				`<c r="J5" t="s"><v>9</v></c></row>` +
				`<row r="6"><c r="A6" s="1"/><c r="B6" s="1"/></row>` +
				`<row r="7"><c r="A7"><v>3</v></c><c r="B7"><v>101</v></c><c r="C7"><v>20230103</v></c>` +
				`<c r="E7"><v>0.30000000000000004</v></c><c r="F7" t="b"><v>0</v></c><c r="G7"><v>1.5E+20</v></c></row>`),
		},
	}
}

// TestGolden reads testdata/<case>/input.xlsx with the fast reader and with
// excelize alone and compares the CSV and the Sheet with expected.csv and
// expected.json (-update rewrites them).
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/case.json")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, c := range dirs {
		dir := filepath.Dir(c)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var gc goldenCase
			b, err := os.ReadFile(c)
			must(t, err)
			must(t, json.Unmarshal(b, &gc))
			input := filepath.Join(dir, "input.xlsx")
			if gen := inputs[filepath.Base(dir)]; gen != nil && *updateInputs {
				must(t, gen(t, input))
			}
			l, ok := model.LedgerByName(gc.Ledger)
			if !ok {
				t.Fatalf("unknown ledger %q", gc.Ledger)
			}
			for _, fast := range []bool{true, false} {
				var out bytes.Buffer
				wb, err := Open(input)
				must(t, err)
				wb.fast = fast
				s, err := wb.WriteCSV(gc.Sheet, acceptLedger(l), &out, nil)
				must(t, err)
				must(t, wb.Close())
				if len(wb.fallbacks) > 0 {
					t.Errorf("the fast reader fell back: %v", wb.fallbacks)
				}
				js, err := json.MarshalIndent(s, "", "  ")
				must(t, err)
				js = append(js, '\n')
				compareGolden(t, filepath.Join(dir, "expected.csv"), out.Bytes())
				compareGolden(t, filepath.Join(dir, "expected.json"), js)
			}
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		must(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (-update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
