package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// seedXML adds the worksheets and shared strings of the hand-written
// cases and the golden 1904 workbook to a fuzz corpus.
func seedXML(f *testing.F, sheets, strs bool) {
	for _, tc := range fastCases {
		for _, w := range tc.book.Worksheets {
			if sheets && len(w) < 1<<16 {
				f.Add([]byte(w))
			}
		}
		if strs && tc.book.SST != "" && len(tc.book.SST) < 1<<16 {
			f.Add([]byte(tc.book.SST))
		}
	}
	if sheets {
		var b strings.Builder
		must(f, handmade1904().SheetData[1](&b))
		f.Add([]byte(ws(b.String())))
	}
	if strs {
		f.Add([]byte(sst(handmade1904().Strings...)))
	}
}

// FuzzXMLScanner checks the byte scanner against encoding/xml token by
// token: every token the scanner returns, encoding/xml returns too, with
// the same local name, attributes and character data, and where
// encoding/xml fails the scanner has failed first. Where the scanner fails
// without refusing the XML (errRefused: it may refuse XML that encoding/xml
// reads, and the sheet then goes to excelize), encoding/xml fails too: the
// XML is malformed, and the sheet is an error.
func FuzzXMLScanner(f *testing.F) {
	seedXML(f, true, true)
	f.Fuzz(func(t *testing.T, data []byte) {
		s := newXMLScanner(iotestHalfReader{bytes.NewReader(data)})
		d := xml.NewDecoder(bytes.NewReader(data))
		for i := 0; ; i++ {
			k := s.next()
			if k == tokError {
				if errors.Is(s.err, errRefused) {
					return
				}
				// Not refused: the XML is malformed, and encoding/xml
				// must fail too.
				for {
					if _, err := d.Token(); err == io.EOF {
						t.Fatalf("token %d: the scanner fails (%v), encoding/xml reads on to the end", i, s.err)
					} else if err != nil {
						return
					}
				}
			}
			tok, err := d.Token()
			if k == tokEOF {
				if err != io.EOF {
					t.Fatalf("token %d: the scanner ends, encoding/xml returns %T %v", i, tok, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("token %d: the scanner reads kind %d %q, encoding/xml fails: %v", i, k, s.name, err)
			}
			if msg := sameToken(s, k, tok); msg != "" {
				t.Fatalf("token %d: %s", i, msg)
			}
		}
	})
}

// iotestHalfReader returns at most half of what is asked, at least one
// byte, to move token boundaries across the scanner's refills.
type iotestHalfReader struct{ r io.Reader }

func (h iotestHalfReader) Read(p []byte) (int, error) {
	return h.r.Read(p[:max(1, (len(p)+1)/2)])
}

// sameToken compares the scanner's current token with encoding/xml's.
func sameToken(s *xmlScanner, k tokenKind, tok xml.Token) string {
	switch t := tok.(type) {
	case xml.StartElement:
		if k != tokStart || string(s.local) != t.Name.Local || len(s.attrs) != len(t.Attr) {
			return "start element " + t.Name.Local + " differs"
		}
		for i, a := range t.Attr {
			if string(s.attrs[i].local) != a.Name.Local || string(s.attrs[i].value) != a.Value {
				return "attribute " + a.Name.Local + "=" + a.Value + " differs: " + string(s.attrs[i].local) + "=" + string(s.attrs[i].value)
			}
		}
	case xml.EndElement:
		if k != tokEnd || string(s.local) != t.Name.Local {
			return "end element " + t.Name.Local + " differs"
		}
	case xml.CharData:
		if k != tokText || !bytes.Equal(s.text, t) {
			return "character data differs: " + string(s.text) + " | " + string(t)
		}
	case xml.Comment, xml.ProcInst:
		if k != tokOther {
			return "comment or processing instruction differs"
		}
	default:
		return "the scanner accepts a directive"
	}
	return ""
}

// fuzzRows is how many rows fuzzBook compares: a mutated row number can
// put a million empty rows before the next row.
const fuzzRows = 2000

// fuzzBook writes a one-sheet workbook and reads its rows with both
// readers; they must agree, whether the fast reader reads the sheet itself
// or hands it to excelize.
func fuzzBook(t *testing.T, b rawBook) {
	b.Sheets = []string{"Sheet1"}
	path := filepath.Join(t.TempDir(), "fuzz.xlsx")
	must(t, b.write(path))
	read := func(fast bool) (rows [][]string, err error, falls []error) {
		wb, err := Open(path)
		if err != nil {
			return nil, err, nil
		}
		defer wb.Close()
		wb.fast = fast
		rows, err = readRows(wb, "Sheet1", fuzzRows)
		return rows, err, wb.fallbacks
	}
	slowRows, slowErr, _ := read(false)
	fastRows, fastErr, falls := read(true)
	// Where the fast reader finds the XML malformed or cut off, excelize's
	// reader fails too: its check finds the same (ErrCorrupt), or excelize
	// fails first on what it read of the row where the XML breaks (a cell
	// reference it cannot read, say).
	switch {
	case errors.Is(fastErr, ErrCorrupt) && slowErr != nil:
		if !corruptRowsAgree(fastRows, slowRows) {
			t.Fatalf("readers differ on corrupt XML (fast reader fell back: %v):\nfast %v %q\nexcelize %v %q", falls, fastErr, fastRows, slowErr, slowRows)
		}
	case errText(fastErr) != errText(slowErr) || !reflect.DeepEqual(fastRows, slowRows):
		t.Fatalf("readers differ (fast reader fell back: %v):\nfast %v %q\nexcelize %v %q", falls, fastErr, fastRows, slowErr, slowRows)
	}
	for _, err := range falls {
		if errors.Is(err, errDisagree) {
			t.Fatal(err)
		}
	}
}

// FuzzSheetXML feeds worksheet XML to both readers, with shared strings
// holding plain and rich text.
func FuzzSheetXML(f *testing.F) {
	seedXML(f, true, false)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzBook(t, rawBook{Worksheets: []string{string(data)}, SST: richSST})
	})
}

// FuzzSharedStringsXML feeds shared strings XML to both readers, with a
// sheet that looks up its first strings.
func FuzzSharedStringsXML(f *testing.F) {
	seedXML(f, false, true)
	sheet := ws(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>3</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>x</t></is></c></row><row r="3"><c r="A3" t="s"><v>3</v></c></row>`)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzBook(t, rawBook{Worksheets: []string{sheet}, SST: string(data)})
	})
}

// FuzzSheetStructure builds well-formed worksheet XML from the fuzz input,
// one choice per byte (row numbers that skip, repeat or go back, cells with
// and without references, every cell type, formulas, inline and rich text,
// entities, comments, nested elements, prefixes), so that the fuzzer
// explores how rows and cells are read rather than how XML is parsed.
func FuzzSheetStructure(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte("row 1: cells; row 3: shared strings, formulas, inline text"))
	f.Add(bytes.Repeat([]byte{7, 3, 200, 41, 9, 0, 17, 255, 128, 64}, 20))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzBook(t, rawBook{Worksheets: []string{sheetFromBytes(data)}, SST: richSST})
	})
}

// sheetFromBytes turns bytes into worksheet XML; see FuzzSheetStructure.
func sheetFromBytes(data []byte) string {
	i := 0
	pick := func(n int) int {
		if i >= len(data) {
			return 0
		}
		i++
		return int(data[i-1]) % n
	}
	p := [...]string{"", "x:"}[pick(2)]
	var b strings.Builder
	el := func(name string) string { return p + name }
	b.WriteString(xmlDecl + `<` + el("worksheet") + ` xmlns` + strings.TrimSuffix(":"+p, ":") + `="` + nsMain + `"><` + el("sheetData") + `>`)
	values := []string{"0", "1", "2", "3", "7", "", " ", "1.5E+20", "-0", "#N/A", "TRUE", "&amp;&lt;&#x4E2D;", "中文", "a_x0041_b", "\r\n", "<![CDATA[c<d]]>", "0.30000000000000004", "007"}
	row := 0
	for i < len(data) {
		switch pick(8) {
		case 0:
			b.WriteString(`<!-- c -->`)
		case 1:
			fmt.Fprintf(&b, `<%s r="%d">`, el("c"), 1+pick(3)) // a cell outside any row: invalid reference, on purpose
			b.WriteString(`</` + el("c") + `>`)
		default:
			switch pick(4) {
			case 0:
				fmt.Fprintf(&b, `<%s>`, el("row"))
				row++
			case 1:
				fmt.Fprintf(&b, `<%s r="0">`, el("row"))
				row++
			default:
				row += pick(4) // 0 repeats the row number
				fmt.Fprintf(&b, `<%s r="%d" spans="1:9">`, el("row"), max(row, 1))
			}
			col := 0
			for range pick(6) {
				b.WriteString(`<` + el("c"))
				switch pick(4) {
				case 0:
				case 1:
					col += pick(3) // 0 repeats the column
					fmt.Fprintf(&b, ` r="%s%d"`, columnName(max(col, 1)), max(row, 1))
				default:
					col++
					fmt.Fprintf(&b, ` r="%s%d"`, strings.ToLower(columnName(col)), max(row, 1))
				}
				if pick(3) == 0 {
					b.WriteString(` s="1"`)
				}
				typ := [...]string{"", "", "s", "s", "str", "inlineStr", "b", "e", "n", "d", "x"}[pick(11)]
				if typ != "" {
					fmt.Fprintf(&b, ` t="%s"`, typ)
				}
				if pick(5) == 0 {
					b.WriteString(`/>`)
					continue
				}
				b.WriteString(`>`)
				for range 1 + pick(2) {
					switch pick(7) {
					case 0:
						b.WriteString(`<` + el("f") + `>SUM(A1)</` + el("f") + `>`)
					case 1:
						b.WriteString(`<` + el("f") + ` t="shared" si="0"/>`)
					case 2:
						b.WriteString(`<` + el("is") + `><` + el("t") + `>` + values[pick(len(values))] + `</` + el("t") + `></` + el("is") + `>`)
					case 3:
						b.WriteString(`<` + el("is") + `><` + el("r") + `><` + el("t") + `>r1</` + el("t") + `></` + el("r") + `><` + el("r") + `><` + el("t") + `>` + values[pick(len(values))] + `</` + el("t") + `></` + el("r") + `></` + el("is") + `>`)
					case 4:
						b.WriteString(`<extLst><` + el("v") + `>` + values[pick(len(values))] + `</` + el("v") + `></extLst>`)
					default:
						b.WriteString(`<` + el("v") + `>` + values[pick(len(values))] + `</` + el("v") + `>`)
					}
				}
				b.WriteString(`</` + el("c") + `>`)
			}
			b.WriteString(`</` + el("row") + `>`)
		}
	}
	b.WriteString(`</` + el("sheetData") + `></` + el("worksheet") + `>`)
	return b.String()
}
