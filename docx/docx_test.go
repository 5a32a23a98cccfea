package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/docx"
)

// letter builds a reminder letter with an annex of rows evidence records.
func letter(rows int) *docx.Document {
	d := docx.New()
	d.Title("关于团结村惠民补贴资金\n发放问题的工作提醒函")
	d.Paragraph(docx.Left, docx.Text("中共团结村委员会："))
	d.Paragraph(docx.Indent, docx.Text("我委在日常监督中对你村2015年1月至2017年5月惠民惠农补贴资金发放情况进行了分析，发现以下问题，现予提醒。"))
	d.Heading(1, "一、发现的主要问题")
	d.Heading(2, "（一）同一人同一项目同月重复发放")
	d.Paragraph(docx.Indent, docx.Text("24个月内重复发放"), docx.Bold("372笔"), docx.Text("，涉及金额1,234,567.89元。"))
	d.Heading(3, "1.向已故人员发放补贴")
	d.Heading(4, "（1）集体土地低价出租")
	d.Heading(1, "二、工作要求")
	d.Paragraph(docx.Indent, docx.Text("请于2017年6月30日前将自查整改情况书面报送我委。"))
	d.Paragraph(docx.Left)
	d.Paragraph(docx.Indent, docx.Text("附件：重复发放记录清单"))
	d.Paragraph(docx.Right, docx.Text("中共××市纪律检查委员会"))
	d.Paragraph(docx.Right, docx.Text("2017年×月×日"))
	d.PageBreak()
	d.Paragraph(docx.Left, docx.Run{Text: "附件", Font: docx.Hei})
	d.Title("重复发放记录清单")
	var rs [][]string
	for i := range rows {
		rs = append(rs, []string{fmt.Sprint(i + 1), fmt.Sprintf("P%08d", i), "城乡低保", "2016-03-15", "1,250.00"})
	}
	d.Table(docx.TableSpec{
		Header: []string{"序号", "记录编号", "项目", "发放日期", "金额（元）"},
		Rows:   rs, Widths: []float64{12, 30, 25, 25, 25},
		Align: []docx.Align{docx.Center, docx.Left, docx.Left, docx.Center, docx.Right},
	})
	return d
}

func readText(t *testing.T, b []byte) string {
	t.Helper()
	text, err := docx.ReadText(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func TestRoundTrip(t *testing.T) {
	got := readText(t, letter(2).Bytes())
	want := strings.Join([]string{
		"关于团结村惠民补贴资金\n发放问题的工作提醒函",
		"中共团结村委员会：",
		"我委在日常监督中对你村2015年1月至2017年5月惠民惠农补贴资金发放情况进行了分析，发现以下问题，现予提醒。",
		"一、发现的主要问题",
		"（一）同一人同一项目同月重复发放",
		"24个月内重复发放372笔，涉及金额1,234,567.89元。",
		"1.向已故人员发放补贴",
		"（1）集体土地低价出租",
		"二、工作要求",
		"请于2017年6月30日前将自查整改情况书面报送我委。",
		"",
		"附件：重复发放记录清单",
		"中共××市纪律检查委员会",
		"2017年×月×日",
		"附件",
		"重复发放记录清单",
		"序号\t记录编号\t项目\t发放日期\t金额（元）",
		"1\tP00000000\t城乡低保\t2016-03-15\t1,250.00",
		"2\tP00000001\t城乡低保\t2016-03-15\t1,250.00",
		"", // the paragraph Word needs after a final table
	}, "\n")
	if got != want {
		t.Errorf("ReadText:\n%s\nwant:\n%s", got, want)
	}
}

// TestHostileText writes text that would break or inject XML, control
// characters and invalid UTF-8 everywhere text goes, and checks that every
// part parses and the text reads back escaped, with what XML cannot carry
// dropped.
func TestHostileText(t *testing.T) {
	hostile := "<w:t>x</w:t>]]><![CDATA[&amp;\"'\x00\x01\x08\x0b\x0c\x1f\x7f\ufffe\uffff\xff\xed\xa0\x80\U0001F600 a\tb\nc\r\nd\re"
	want := "<w:t>x</w:t>]]><![CDATA[&amp;\"'\x7f\U0001F600 a\tb\nc\nd\ne"
	d := docx.New()
	d.Title(hostile)
	d.Paragraph(docx.Indent, docx.Text(hostile), docx.Run{Text: hostile, Bold: true, Font: docx.Font(hostile)})
	d.Heading(2, hostile)
	d.Table(docx.TableSpec{Header: []string{hostile}, Rows: [][]string{{hostile}}})
	b := d.Bytes()
	checkParts(t, b)
	got := strings.Split(readText(t, b), "\n")
	// Each text has three line breaks, so it spans four lines.
	for i, line := range []string{want, want + want, want, want, want, ""} {
		lines := strings.Split(line, "\n")
		if len(got) < len(lines) || !slices.Equal(got[:len(lines)], lines) {
			t.Fatalf("text %d: got %q, want %q", i, got, lines)
		}
		got = got[len(lines):]
	}
	if len(got) != 0 {
		t.Errorf("extra lines %q", got)
	}
}

// wantParts are the package's files.
var wantParts = []string{
	"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
	"word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml",
	"word/fontTable.xml", "word/footer1.xml", "word/footer2.xml",
}

// checkParts checks that b is a ZIP of exactly wantParts, each well-formed
// XML, and returns them by name.
func checkParts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(data)
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s: %v", f.Name, err)
				break
			}
		}
	}
	if !slices.Equal(names, wantParts) {
		t.Errorf("parts %q\nwant  %q", names, wantParts)
	}
	return parts
}

func TestStructure(t *testing.T) {
	parts := checkParts(t, letter(30).Bytes())
	for _, p := range wantParts[2:] {
		if p == "word/_rels/document.xml.rels" {
			continue
		}
		if !strings.Contains(parts["[Content_Types].xml"], `PartName="/`+p+`"`) {
			t.Errorf("[Content_Types].xml has no override for %s", p)
		}
	}
	for _, target := range []string{"styles.xml", "settings.xml", "fontTable.xml", "footer1.xml", "footer2.xml"} {
		if !strings.Contains(parts["word/_rels/document.xml.rels"], `Target="`+target+`"`) {
			t.Errorf("document.xml.rels does not reach %s", target)
		}
	}
	for _, f := range []string{"word/footer1.xml", "word/footer2.xml"} {
		if !strings.Contains(parts[f], `<w:instrText xml:space="preserve"> PAGE </w:instrText>`) ||
			!strings.Contains(parts[f], "— ") || !strings.Contains(parts[f], " —") {
			t.Errorf("%s has no “— PAGE —” field: %s", f, parts[f])
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,                                  // A4
		`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`, // 37, 26, 35, 28 mm
		`<w:footerReference w:type="even" r:id="rId5"/>`,
		`<w:tblHeader/>`, `<w:cantSplit/>`, `<w:pageBreakBefore/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	for _, want := range []string{`<w:evenAndOddHeaders/>`} {
		if !strings.Contains(parts["word/settings.xml"], want) {
			t.Errorf("settings.xml lacks %s", want)
		}
	}
	for _, want := range []string{
		`w:line="579" w:lineRule="exact"`, `<w:sz w:val="32"/>`, `<w:sz w:val="44"/>`,
		`w:eastAsia="仿宋_GB2312"`, `w:eastAsia="方正小标宋简体"`, `w:eastAsia="黑体"`, `w:eastAsia="楷体_GB2312"`,
	} {
		if !strings.Contains(parts["word/styles.xml"], want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	if !strings.Contains(parts["word/fontTable.xml"], `<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>`) {
		t.Errorf("fontTable.xml gives 仿宋_GB2312 no alternate")
	}
	if !strings.Contains(parts["docProps/core.xml"], "<dc:title>关于团结村惠民补贴资金发放问题的工作提醒函</dc:title>") {
		t.Errorf("core.xml: %s", parts["docProps/core.xml"])
	}
}

func TestDeterministic(t *testing.T) {
	a, b := letter(5).Bytes(), letter(5).Bytes()
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same document differ")
	}
	var buf bytes.Buffer
	d := letter(5)
	n, err := d.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) || !bytes.Equal(buf.Bytes(), a) {
		t.Errorf("WriteTo: n=%d len=%d err=%v equal=%v", n, buf.Len(), err, bytes.Equal(buf.Bytes(), a))
	}
}

func TestTableShapes(t *testing.T) {
	d := docx.New()
	d.Table(docx.TableSpec{})                                                                      // nothing
	d.Table(docx.TableSpec{Rows: [][]string{{"a"}, {"b", "c", "d"}}, Widths: []float64{1, -1, 2}}) // ragged, bad widths
	d.Table(docx.TableSpec{Header: []string{"h1", "h2"}, FontSize: 12})
	got := readText(t, d.Bytes())
	want := "a\t\t\nb\tc\td\n\nh1\th2\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHeadingLevel(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Heading(5, …) did not panic")
		}
	}()
	docx.New().Heading(5, "x")
}

func TestReadTextErrors(t *testing.T) {
	if _, err := docx.ReadText(bytes.NewReader([]byte("not a zip")), 9); err == nil {
		t.Error("no error for a file that is not a ZIP")
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("word/document.xml")
	io.WriteString(w, "<w:document><w:body><w:p>")
	zw.Close()
	if _, err := docx.ReadText(bytes.NewReader(b.Bytes()), int64(b.Len())); err == nil {
		t.Error("no error for truncated XML")
	}
}

// FuzzText checks that any text makes a well-formed document whose text
// reads back as written, less what XML cannot carry.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "工作提醒函", "<&>\"'", "]]>", "\x00\x1f\t\n\r", "\xff\xfe", "\ufffe\U0010FFFF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := docx.New()
		d.Paragraph(docx.Left, docx.Text(s))
		b := d.Bytes()
		got, err := docx.ReadText(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		if want := cleanText(s); got != want {
			t.Errorf("%q read back as %q, want %q", s, got, want)
		}
	})
}

// cleanText is what a paragraph of s reads back as: valid XML characters,
// with CR LF and CR as LF.
func cleanText(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r == 0xFFFD && !strings.HasPrefix(s[i:], "\uFFFD") {
			continue // invalid UTF-8
		}
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 {
			b.WriteRune(r)
		}
	}
	return strings.ReplaceAll(strings.ReplaceAll(b.String(), "\r\n", "\n"), "\r", "\n")
}
