package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// Sheet is a table written as one sheet of a workbook.
type Sheet struct {
	// Name is the sheet's name; SheetName makes it valid and unique.
	Name  string
	Table *Table
}

// Workbook layout.
const (
	// widthSample is how many rows are measured for the column widths
	// (the widths must be set before the stream writes the first row).
	widthSample = 1000
	minWidth    = 6  // characters
	maxWidth    = 50 // characters; longer text is cut off, not wrapped
)

// writeXLSX writes a workbook of one sheet per table with excelize's stream
// writer, so that memory does not grow with the rows: headers in lang, the
// header row frozen and filtered, widths from the header and the first
// rows, number formats from the columns' kinds.
func writeXLSX(w io.Writer, sheets []Sheet, lang Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	names := sheetNames(sheets)
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", names[0])
		} else {
			_, err = f.NewSheet(names[i])
		}
		if err == nil {
			err = writeSheet(f, names[i], s.Table, lang, st)
		}
		if err != nil {
			return fmt.Errorf("sheet %s: %w", names[i], err)
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// writeSheet streams t into the (new, empty) sheet name.
func writeSheet(f *excelize.File, name string, t *Table, lang Lang, st *styles) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	cols := len(t.Columns)
	if cols == 0 {
		return sw.Flush()
	}
	for i, wd := range columnWidths(t, lang) {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	vals := make([]any, cols)
	for i, c := range t.Columns {
		vals[i] = excelize.Cell{StyleID: st.header, Value: c.Header(lang)}
	}
	if err := sw.SetRow("A1", vals); err != nil {
		return err
	}
	for r, row := range t.Rows {
		for i, c := range t.Columns {
			var v any
			if i < len(row) {
				v = xlsxValue(c.Kind, row[i], lang)
			}
			vals[i] = excelize.Cell{StyleID: st.of(c.Kind, v), Value: v}
		}
		ref, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, vals); err != nil {
			return err
		}
	}
	// The stream writer has no filter of its own; File.AutoFilter sets the
	// worksheet's autoFilter, which Flush writes, and the workbook's
	// _xlnm._FilterDatabase name. The test reads both back.
	last, err := excelize.CoordinatesToCellName(cols, len(t.Rows)+1)
	if err != nil {
		return err
	}
	if err := f.AutoFilter(name, "A1:"+last, nil); err != nil {
		return err
	}
	return sw.Flush()
}

// xlsxValue is what a cell of kind k holds for the database value v:
// numbers stay numbers and dates become date serials (excelize converts a
// time.Time); yes/no is written in lang. Text is written as text cells,
// which Excel and WPS never evaluate as formulas.
func xlsxValue(k Kind, v any, lang Lang) any {
	if x, ok := v.(time.Time); ok && k != Text {
		return x
	}
	v = cell(v, false)
	switch x := v.(type) {
	case bool:
		switch lang {
		case Zh:
			return map[bool]string{true: "是", false: "否"}[x]
		case En:
			return map[bool]string{true: "yes", false: "no"}[x]
		}
	}
	return v
}

// styles are the workbook's cell styles: the header row's and one per kind.
type styles struct {
	header int
	kind   map[Kind]int
}

// numFmts are the number formats of the kinds: a built-in format's id
// (ECMA-376 §18.8.30) or a custom format.
var numFmts = map[Kind]struct {
	id     int
	custom string
}{
	Text:   {id: 49}, // @
	Int:    {id: 1},  // 0
	Amount: {id: 4},  // #,##0.00
	Rate:   {custom: "0.000"},
	Score:  {id: 2}, // 0.00
	Date:   {custom: "yyyy-mm-dd"},
	Time:   {custom: "yyyy-mm-dd hh:mm:ss"},
}

// of returns the style of a cell of kind k holding v: the kind's, or for
// a date in an Auto column the Date or Time style.
func (st *styles) of(k Kind, v any) int {
	if t, ok := v.(time.Time); ok && k == Auto {
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
			return st.kind[Date]
		}
		return st.kind[Time]
	}
	return st.kind[k]
}

func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{kind: map[Kind]int{}}
	var err error
	st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	if err != nil {
		return nil, err
	}
	for k, nf := range numFmts {
		s := &excelize.Style{NumFmt: nf.id}
		if nf.custom != "" {
			s.CustomNumFmt = &nf.custom
		}
		if k == Date || k == Time {
			s.Alignment = &excelize.Alignment{Horizontal: "center"}
		}
		if st.kind[k], err = f.NewStyle(s); err != nil {
			return nil, err
		}
	}
	if st.kind[Bool], err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}}); err != nil {
		return nil, err
	}
	return st, nil
}

// columnWidths gives each column the width of its header or of its widest
// value in the first widthSample rows, as shown, in characters (a CJK
// character counts two), within minWidth and maxWidth.
func columnWidths(t *Table, lang Lang) []float64 {
	out := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		n := displayWidth(c.Header(lang))
		for _, row := range t.Rows[:min(len(t.Rows), widthSample)] {
			if i < len(row) {
				n = max(n, displayWidth(shown(c.Kind, xlsxValue(c.Kind, row[i], lang))))
			}
		}
		out[i] = float64(min(max(n+2, minWidth), maxWidth))
	}
	return out
}

// shown approximates how a value of kind k reads in its cell.
func shown(k Kind, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		if k == Time || k == Auto {
			return "2006-01-02 15:04:05"
		}
		return "2006-01-02"
	case int64:
		if k == Amount {
			return thousands(strconv.FormatInt(x, 10)) + ".00"
		}
		return strconv.FormatInt(x, 10)
	case float64:
		switch k {
		case Amount:
			s := strconv.FormatFloat(x, 'f', 2, 64)
			return thousands(s[:len(s)-3]) + s[len(s)-3:]
		case Rate:
			return strconv.FormatFloat(x, 'f', 3, 64)
		case Score:
			return strconv.FormatFloat(x, 'f', 2, 64)
		case Int:
			return strconv.FormatFloat(x, 'f', 0, 64)
		}
		return strconv.FormatFloat(x, 'g', 11, 64) // General shows up to 11 digits
	}
	return fmt.Sprint(v)
}

// thousands puts separators into the digits of an integer's text.
func thousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// displayWidth counts the columns s takes in a spreadsheet: two for a wide
// or full-width (CJK) character, one for the others, up to the first line
// feed.
func displayWidth(s string) int {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
		if n > maxWidth {
			break
		}
	}
	return n
}

// maxSheetName is Excel's limit on a sheet's name, in UTF-16 code units.
const maxSheetName = 31

// SheetName makes name a valid sheet name: the characters Excel refuses
// ([ ] : * ? / \ and control characters) become "_", an apostrophe
// (which Excel refuses at either end and formulas would have to double)
// becomes ’, and the name is cut to 31 UTF-16 code units. An empty name
// becomes "Sheet".
func SheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r) || unicode.IsControl(r):
			return '_'
		case r == '\'':
			return '’'
		}
		return r
	}, name)
	if name == "" {
		return "Sheet"
	}
	return truncateUTF16(name, maxSheetName)
}

// sheetNames makes the sheets' names valid and, ignoring case as Excel
// does, unique: a repeated name gets " (2)", " (3)"… within the limit.
func sheetNames(sheets []Sheet) []string {
	seen := map[string]bool{}
	out := make([]string, len(sheets))
	for i, s := range sheets {
		base := SheetName(s.Name)
		name := base
		for n := 2; seen[strings.ToLower(name)]; n++ {
			suffix := " (" + strconv.Itoa(n) + ")"
			name = SheetName(truncateUTF16(base, maxSheetName-len(suffix)) + suffix)
		}
		seen[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// truncateUTF16 cuts s to at most n UTF-16 code units.
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > n {
			return s[:i]
		}
	}
	return s
}
