package xlsx

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// ws wraps rows in a worksheet part as Excel writes one.
func ws(rows string) string {
	return xmlDecl + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>` +
		`<sheetFormatPr defaultRowHeight="13.5"/><sheetData>` + rows + `</sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>` +
		`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
}

// sst is a sharedStrings.xml holding items.
func sst(items ...string) string {
	return xmlDecl + `<sst xmlns="` + nsMain + `" count="` + fmt.Sprint(len(items)) + `" uniqueCount="` + fmt.Sprint(len(items)) + `">` + strings.Join(items, "") + `</sst>`
}

// nums is n rows of numbers from row first on, as Excel writes them.
func nums(first, n int) string {
	var b strings.Builder
	for r := first; r < first+n; r++ {
		fmt.Fprintf(&b, `<row r="%d" spans="1:3" x14ac:dyDescent="0.25"><c r="A%d"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c><c r="C%d" s="1"><v>%d.5</v></c></row>`, r, r, r, r, r%3, r, 42000+r)
	}
	return b.String()
}

var (
	long    = strings.Repeat("长文本 long text 0123456789 ", 8000) // 232 KB, longer than the scanner's buffer
	richSST = sst(
		`<si><t>案件编号</t></si>`,
		`<si><r><rPr><b/><sz val="11"/><color rgb="FFFF0000"/><rFont val="宋体"/><family val="2"/><charset val="134"/><scheme val="minor"/></rPr><t>问题</t></r>`+
			`<r><rPr><i val="0"/><color theme="1" tint="-0.5"/><vertAlign val="superscript"/><u/></rPr><t xml:space="preserve"> 领域 </t></r>`+
			`<rPh sb="0" eb="2"><t>モンダイ</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>`,
		`<si><t>前</t><r><t>后</t></r></si>`,
	)
)

// fastCases are hand-written workbooks: what the fast reader reads itself,
// what it must hand to excelize, and malformed XML, which both readers
// must report as ErrCorrupt. Otherwise its output must be excelize's.
var fastCases = []struct {
	name string
	mode fastMode
	book rawBook
}{
	{"shared strings, rich text, phonetic runs, escapes", fastReads, rawBook{
		Worksheets: []string{ws(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>` +
			`<c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c><c r="H1" t="s"><v>7</v></c><c r="I1" t="s"><v>8</v></c><c r="J1" t="s"><v>9</v></c><c r="K1" t="s"><v>10</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>0011</v></c><c r="B2" t="s"><v></v></c><c r="C2" t="s"/><c r="D2" t="s"><v>12</v></c></row>`)},
		SST: sst(`<si><t>案件编号</t></si>`,
			`<si><r><rPr><b/><sz val="11"/><color rgb="FFFF0000"/><rFont val="宋体"/><family val="2"/><charset val="134"/></rPr><t>问题</t></r><r><t xml:space="preserve"> 领域 </t></r><rPh sb="0" eb="2"><t>モンダイ</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>`,
			`<si><r><t>b</t></r><t>a</t></si>`,
			`<si/>`, `<si><t/></si>`, `<si><t xml:space="preserve">  </t></si>`,
			`<si><t>备注_x000D_`+"\n"+`第二行_x005F_x0041_ _xD800_ _x00e9_ _x00E9_ _x41_ __x0042_</t></si>`,
			`<si><t>`+long+`</t></si>`,
			`<si><t>x</t><!-- c --><t>y</t></si>`,
			`<si>stray <t>t</t> text</si>`,
			`<si><t>a<![CDATA[<b>&amp;]]>c</t></si>`,
			`<si><t>zero</t></si>`,
			`<si><r><t>only run</t></r><extLst/></si>`),
	}},
	{"strict namespace shared strings", fastReads, rawBook{
		Worksheets: []string{ws(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)},
		SST:        xmlDecl + `<sst xmlns="` + nsSpreadsheetStrict + `"><si><t>strict</t></si></sst>`,
	}},
	{"blank shared strings part", fastReads, rawBook{
		Worksheets: []string{ws(`<row r="1"><c r="A1"><v>1</v></c></row>`)},
		SST:        " ",
	}},
	{"inline strings", fastReads, rawBook{
		Worksheets: []string{ws(`<row r="1"><c r="A1" t="inlineStr"><is><t>行内</t></is></c><c r="B1" t="inlineStr"><is><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is></c>` +
			`<c r="C1" t="inlineStr"><is/></c><c r="D1" t="inlineStr"><is><t/></is></c><c r="E1" t="inlineStr"><v>from v</v></c><c r="F1" t="inlineStr"><v>v</v><is><t>is wins</t></is></c>` +
			`<c r="G1" t="inlineStr"><is><t xml:space="preserve"> 0102 </t></is></c><c r="H1" t="inlineStr"><is><t>` + long + `</t></is></c><c r="I1" t="inlineStr"><is><t>_x0041_</t></is></c>` +
			`<c r="J1" t="str"><v>_x0041_</v></c><c r="K1" t="s"><is><t>ignored</t></is><v>0</v></c></row>`)},
		Strings: []string{`<si><t>s</t></si>`},
	}},
	{"entities and character references", fastReads, rawBook{
		Worksheets: []string{
			ws(`<row r="&#49;"><c r="&#65;1" t="&#115;"><v>0</v></c><c r="B1" t="str"><v>&amp; &lt; &gt; &quot; &apos; &#20013; &#x4E2D; &#xa;|&#13;|&#x1F600; &#xD800;</v></c>` +
				`<c r="C1" t="inlineStr"><is><t>&lt;tag&gt; a&amp;b</t></is></c><c r="D1"><v>1&#46;5</v></c><c r='E1' t = 'str' ><v>single quotes</v></c></row>`)},
		Strings: []string{`<si><t>&quot;引号&quot; &amp; &#x4E2D;&#25991;</t></si>`},
	}},
	{"namespace prefixes", fastReads, rawBook{
		Worksheets: []string{xmlDecl + `<x:worksheet xmlns:x="` + nsMain + `" xmlns:r="` + nsRel + `"><x:sheetData>` +
			`<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c><x:c r="C1"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>` +
			`<x:row><x:c t="s"><x:v>1</x:v></x:c><x:c><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>`},
		SST: xmlDecl + `<x:sst xmlns:x="` + nsMain + `"><x:si><x:t>前缀</x:t></x:si><x:si><x:r><x:t>r</x:t></x:r></x:si></x:sst>`,
	}},
	{"sparse rows and cells", fastReads, rawBook{
		Worksheets: []string{ws(`<row r="2"><c r="C2"><v>1</v></c><c r="Z2"><v>2</v></c><c r="AA2"><v>3</v></c></row><row r="10"><c r="XFD10"><v>4</v></c></row>` +
			`<row r="1000"/><row r="1001"><c r="A1001" s="1"/><c r="B1001"><v></v></c></row><row r="1048576"><c r="a1048576"><v>last</v></c></row>`)},
	}},
	{"rows and cells without r", fastReads, rawBook{
		Worksheets: []string{ws(`<row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row><row><c/><c><v>b</v></c></row>` +
			`<row r="7"><c><v>7</v></c></row><row r="0"><c><v>8</v></c></row><row><c r="C9"><v>9</v></c><c r="B9"><v>out of order</v></c><c r="B9"><v>again</v></c></row>`)},
	}},
	{"formulas", fastReads, rawBook{
		Worksheets: []string{ws(`<row r="1"><c r="A1"><f>SUM(B1:C1)</f><v>3</v></c><c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>` +
			`<c r="C1"><f t="shared" ref="C1:C3" si="0">A1*2</f><v>6</v></c><c r="D1"><f ca="1" aca="false" si=" 3 ">NOW()</f><v>45000.5</v></c>` +
			`<c r="E1"><f t="array" ref="E1:E2" dt2D="" bx="0">{1;2}</f><v>1</v></c><c r="F1"><f/></c><c r="G1" t="str"><f>""</f><v></v></c></row>` +
			`<row r="2"><c r="C2"><f t="shared" si="0"/><v>8</v></c><c r="D2"><f t="shared" si="0"/></c><c r="H2"><f><![CDATA[1]]>+<b/>2</f><v>3</v></c></row>`)},
	}},
	{"booleans, errors, dates, explicit numbers", fastReads, rawBook{
		Worksheets: []string{ws(`<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#N/A</v></c><c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c>` +
			`<c r="E1" t="d"><v>2017-04-01T00:00:00Z</v></c><c r="F1" t="n"><v>1.5E+20</v></c><c r="G1" t=""><v>0.30000000000000004</v></c><c r="H1" t="b"><v>TRUE</v></c><c r="I1" t="n"><v> 12 </v></c></row>`)},
	}},
	{"CJK and long text", fastReads, rawBook{
		Worksheets: []string{ws(`<row r="1"><c r="A1" t="str"><v>` + long + `</v></c><c r="B1" t="s"><v>3</v></c><c r="C1" t="inlineStr"><is><t>𠀀𠀁 emoji 😀 全角，逗号</t></is></c></row>` + nums(2, 3000))},
		Strings:    []string{`<si><t>a</t></si>`, `<si><t>b</t></si>`, `<si><t>c</t></si>`, `<si><t>` + strings.Repeat("中文", 50000) + `</t></si>`},
	}},
	{"white space, line ends, CDATA, comments, processing instructions", fastReads, rawBook{
		Worksheets: []string{"\ufeff" + `<?xml version='1.0' encoding='utf-8'?>` + "\r\n<!-- exported -->\r\n" + `<worksheet xmlns="` + nsMain + `">` + "\r\n  <sheetData>\r\n" +
			"    <row r=\"1\">\r\n      <c r=\"A1\" t=\"str\"><v>line1\r\nline2\rline3\n</v></c>\r\n      <!-- between cells -->\r\n" +
			"      <c\r\n r=\"B1\"\tt=\"inlineStr\"><is>\r\n <t xml:space=\"preserve\">a\r\n b</t>\r\n</is></c>\r\n" +
			"      <c r=\"C1\"><v><![CDATA[12]]></v></c><c r=\"D1\" t=\"str\"><v><![CDATA[a<b>\r\nc]]>d<![CDATA[]]></v></c><?pi data?>\r\n" +
			"      <c r=\"E1\" t=\"str\"><v>1<!-- x -->2<b>skipped</b>3</v></c><c r=\"F1\" t=\"str\"><v>a]]b > c</v></c>\r\n" +
			"    </row>\r\n    <row r=\"2\" ></row >\r\n  </sheetData>\r\n</worksheet>\r\n"},
	}},
	{"odd but well-formed structure excelize reads token by token", fastReads, rawBook{
		Worksheets: []string{ws(`<row r="1"><c r="A1"><v>1</v></c></row><c r="B1"><v>after the row end</v></c>` +
			`<row r="2"><extLst><c r="A2"><v>cell in an extension</v></c></extLst><c r="B2"><extLst><v>v in an extension</v></extLst></c>` +
			`<c r="C2"><v>first</v><v>second</v></c><c r="D2"><row r="99"/><v>row inside a cell</v></c></row>`)},
	}},
	{"empty sheet data", fastReads, rawBook{Worksheets: []string{ws(``)}}},
	{"no sheet data", fastReads, rawBook{Worksheets: []string{xmlDecl + `<worksheet xmlns="` + nsMain + `"/>`}}},
	{"no declaration, self-closing rows", fastReads, rawBook{
		Worksheets: []string{`<worksheet xmlns="` + nsMain + `"><sheetData><row r="3"/><row r="4" spans="1:2"><c r="A4" t="s"><v>0</v></c></row><row/></sheetData></worksheet>`},
		Strings:    []string{`<si><t>四</t></si>`},
	}},
	{"a malformed row after 301 rows", fastCorrupt, rawBook{
		Worksheets: []string{ws(nums(1, 300) + `<row r="301"><c r="A301"><v>1</v></c></row><row r="302"><c r="A302"><v>&bogus;</v></c></row>`)},
		Strings:    []string{`<si><t>a</t></si>`, `<si><t>b</t></si>`, `<si><t>c</t></si>`},
	}},
	{"truncated sheet", fastCorrupt, rawBook{
		Worksheets: []string{strings.TrimSuffix(ws(nums(1, 50)), "</worksheet>")[:2000]},
		Strings:    []string{`<si><t>a</t></si>`, `<si><t>b</t></si>`, `<si><t>c</t></si>`},
	}},
	{"unknown cell type", fastFalls, rawBook{Worksheets: []string{ws(nums(1, 5) + `<row r="6"><c r="A6" t="x"><v>1</v></c></row>`)},
		Strings: []string{`<si><t>a</t></si>`, `<si><t>b</t></si>`, `<si><t>c</t></si>`}}},
	{"DOCTYPE", fastFalls, rawBook{Worksheets: []string{`<?xml version="1.0"?><!DOCTYPE worksheet><worksheet xmlns="` + nsMain + `"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`}}},
	{"rows out of order", fastFalls, rawBook{Worksheets: []string{ws(`<row r="2"><c r="A2"><v>2</v></c></row><row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>`)}}},
	{"row repeated", fastFalls, rawBook{Worksheets: []string{ws(`<row r="2"><c r="A2"><v>2</v></c></row><row r="2"><c r="B2"><v>again</v></c></row>`)}}},
	{"row number not a number", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1"><v>1</v></c></row><row r="x2"><c r="A2"><v>2</v></c></row>`)}}},
	{"row number negative", fastFalls, rawBook{Worksheets: []string{ws(`<row r="-2"><c r="A2"><v>2</v></c></row>`)}}},
	{"row number beyond the sheet", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c r="A1"><v>2</v></c></row>`)}}},
	{"GBK encoding", fastFalls, rawBook{Worksheets: []string{`<?xml version="1.0" encoding="GBK"?><worksheet xmlns="` + nsMain + `"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + "\xD6\xD0\xCE\xC4" + `</t></is></c></row></sheetData></worksheet>`}}},
	{"shared string index beyond the table", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>9</v></c><c r="C1"><v>3</v></c></row>`)},
		Strings: []string{`<si><t>a</t></si>`}}},
	{"shared string index with spaces", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1" t="s"><v> 1 </v></c><c r="B1" t="s"><v>x</v></c></row>`)},
		Strings: []string{`<si><t>a</t></si>`, `<si><t>b</t></si>`}}},
	{"cell inside a cell", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1"><c r="B1"><v>1</v></c><v>2</v></c></row>`)}}},
	{"second is", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is><is><r><t>b</t></r></is></c></row>`)}}},
	{"formula attribute not a boolean", fastFalls, rawBook{Worksheets: []string{ws(nums(1, 3) + `<row r="4"><c r="A4"><f ca="yes">NOW()</f><v>1</v></c><c r="B4"><v>2</v></c></row>`)},
		Strings: []string{`<si><t>a</t></si>`, `<si><t>b</t></si>`, `<si><t>c</t></si>`}}},
	{"style not a number", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1" s="x" t="str"><v>1</v></c><c r="B1"><v>2</v></c></row>`)}}},
	{"cell references excelize reads its own way", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="$B$1"><v>1</v></c></row><row r="2"><c r="B+2"><v>2</v></c></row>`)}}},
	{"cell reference without a row", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B"><v>2</v></c></row>`)}}},
	{"cell reference beyond the last column", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="XFE1"><v>1</v></c></row>`)}}},
	{"rich text with an invalid boolean", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>`)},
		SST: sst(`<si><r><rPr><b val="maybe"/></rPr><t>x</t></r></si>`)}},
	{"phonetic run with an invalid position", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1" t="inlineStr"><is><t>x</t><rPh sb="a" eb="1"><t>y</t></rPh></is></c></row>`)}}},
	{"shared strings without a namespace", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>`)},
		SST: xmlDecl + `<sst><si><t>x</t></si></sst>`}},
	{"shared strings with other elements", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="B1" t="s"><v>0</v></c></row>`)},
		SST: xmlDecl + `<sst xmlns="` + nsMain + `"><si><t>x</t></si><extLst/></sst>`}},
	{"shared strings count not a number", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="B1" t="s"><v>0</v></c></row>`)},
		SST: xmlDecl + `<sst xmlns="` + nsMain + `" count="many"><si><t>x</t></si></sst>`}},
	{"shared string holding a strict namespace", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="B1" t="s"><v>0</v></c></row>`)},
		SST: sst(`<si><t>see ` + nsSpreadsheetStrict + `</t></si>`)}},
	{"malformed content types", fastFalls, rawBook{Worksheets: []string{ws(nums(1, 3))}, ContentTypes: `<Types><Default`,
		Strings: []string{`<si><t>a</t></si>`, `<si><t>b</t></si>`, `<si><t>c</t></si>`}}},
	{"unescaped ]]> in text", fastCorrupt, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="str"><v>a]]>b</v></c></row>`)}}},
	{"control character", fastCorrupt, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1" t="str"><v>a&#1;b</v></c></row>`)}}},
	{"raw control character", fastCorrupt, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1" t="str"><v>a` + "\x01" + `b</v></c></row>`)}}},
	{"invalid UTF-8", fastCorrupt, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1" t="str"><v>a` + "\xff" + `b</v></c></row>`)}}},
	{"non-ASCII element name", fastFalls, rawBook{Worksheets: []string{ws(`<row r="1"><c r="A1"><v>1</v></c><数据/></row>`)}}},
	{"mismatched end tag", fastCorrupt, rawBook{Worksheets: []string{ws(nums(1, 2) + `<row r="3"><c r="A3"><v>1</v></x></c></row>`)},
		Strings: []string{`<si><t>a</t></si>`, `<si><t>b</t></si>`, `<si><t>c</t></si>`}}},
	{"a row after the sheet data (excelize reads on to the end)", fastReads, rawBook{Worksheets: []string{xmlDecl + `<worksheet xmlns="` + nsMain + `"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><extLst><row r="5"><c r="A5"><v>5</v></c></row></extLst></worksheet>`}}},
}

// TestFastReaderCases reads the hand-written workbooks with both readers.
func TestFastReaderCases(t *testing.T) {
	dir := t.TempDir()
	for i, tc := range fastCases {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.book
			b.Sheets = []string{"Sheet1"}
			path := filepath.Join(dir, fmt.Sprintf("case%d.xlsx", i))
			must(t, b.write(path))
			falls := checkReaders(t, path, tc.mode)
			if testing.Verbose() && len(falls) > 0 {
				t.Logf("fell back: %v", falls[0])
			}
		})
	}
}
