package docx

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// Document is a document being built, made by New: each call appends to
// its body.
type Document struct {
	body      bytes.Buffer
	title     string // the first title, for the document properties
	lastTable bool   // the body ends with a table
	breakNext bool   // the next block starts a new page
}

// New returns an empty A4 document with the page, fonts and styles of
// GB/T 9704-2012 (see the package documentation).
func New() *Document {
	return &Document{}
}

// Align is the alignment of a paragraph.
type Align int

const (
	// Left sets a paragraph flush left with no indent, as the addressee
	// (主送机关) is set.
	Left Align = iota
	// Indent justifies a paragraph and indents its first line by two
	// characters: the body text of a Chinese document.
	Indent
	// Center centres a paragraph.
	Center
	// Right sets a paragraph flush right, four characters in from the
	// right edge of the text block, where GB/T 9704 §7.3.5.1 puts the date
	// of a document that will be sealed (成文日期右空四字).
	Right
)

// Font is the name of a font as a document refers to it.
type Font string

// The faces of GB/T 9704-2012, named as Chinese government offices install
// them. A run whose Font is empty takes its paragraph's.
const (
	FangSong     Font = "仿宋_GB2312" // body text
	Hei          Font = "黑体"        // first-level headings; the word 附件
	Kai          Font = "楷体_GB2312" // second-level headings
	XiaoBiaoSong Font = "方正小标宋简体"   // titles
	Song         Font = "宋体"        // page numbers
)

// Run is a stretch of text with one format.
type Run struct {
	Text string
	Bold bool
	Font Font // "" for the paragraph's font
}

// Text returns a plain run of s.
func Text(s string) Run { return Run{Text: s} }

// Bold returns a bold run of s.
func Bold(s string) Run { return Run{Text: s, Bold: true} }

// Title appends the title of the document: 2号 方正小标宋简体, centred,
// with one blank line below it. A line feed in s breaks the title into
// lines, as a long title should be broken where the sense allows (GB/T 9704
// §7.3.2). The first title also becomes the document's title property.
func (d *Document) Title(s string) {
	if d.title == "" {
		d.title = s
	}
	d.paragraph("Title", "", Text(s))
}

// Paragraph appends a paragraph of runs in the body font, aligned as align
// says. A paragraph with no runs is a blank line.
func (d *Document) Paragraph(align Align, runs ...Run) {
	var props string
	switch align {
	case Left:
		props = `<w:jc w:val="left"/>`
	case Indent:
		props = `<w:ind w:firstLineChars="200" w:firstLine="` + itoa(2*bodyTwips) + `"/>`
	case Center:
		props = `<w:jc w:val="center"/>`
	case Right:
		props = `<w:ind w:rightChars="400" w:right="` + itoa(4*bodyTwips) + `"/><w:jc w:val="right"/>`
	default:
		panic(fmt.Sprintf("docx: unknown alignment %d", align))
	}
	d.paragraph("", props, runs...)
}

// Heading appends a heading of the given level, 1 to 4: "一、" headings in
// 黑体, "（一）" in 楷体_GB2312, "1." in bold 仿宋_GB2312 and "（1）" in
// 仿宋_GB2312, each indented two characters like the body. The text should
// carry its own number ("一、发现的主要问题"). The heading keeps with the
// paragraph after it and appears in Word's navigation pane. Heading panics
// if level is out of range.
func (d *Document) Heading(level int, s string) {
	if level < 1 || level > 4 {
		panic(fmt.Sprintf("docx: heading level %d out of range 1–4", level))
	}
	d.paragraph("Heading"+strconv.Itoa(level), "", Text(s))
}

// PageBreak starts a new page: the next title, paragraph, heading or table
// begins at the top of it.
func (d *Document) PageBreak() {
	d.breakNext = true
}

// paragraph appends a paragraph of the given style ("" for Normal), extra
// paragraph properties (XML, in schema order after w:pageBreakBefore) and
// runs.
func (d *Document) paragraph(style, props string, runs ...Run) {
	b := &d.body
	b.WriteString(`<w:p>`)
	if style != "" || props != "" || d.breakNext {
		b.WriteString(`<w:pPr>`)
		if style != "" {
			b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
		}
		if d.breakNext {
			b.WriteString(`<w:pageBreakBefore/>`)
		}
		b.WriteString(props)
		b.WriteString(`</w:pPr>`)
	}
	for _, r := range runs {
		writeRun(b, r, "")
	}
	b.WriteString(`</w:p>`)
	d.breakNext, d.lastTable = false, false
}

// writeRun writes r; size, if not empty, is the font size in half points.
func writeRun(b *bytes.Buffer, r Run, size string) {
	if r.Text == "" {
		return
	}
	b.WriteString(`<w:r>`)
	if r.Bold || r.Font != "" || size != "" {
		b.WriteString(`<w:rPr>`)
		if r.Font != "" {
			f := escape(string(r.Font))
			fmt.Fprintf(b, `<w:rFonts w:ascii="%s" w:eastAsia="%s" w:hAnsi="%s" w:cs="%s" w:hint="eastAsia"/>`, f, f, f, f)
		}
		if r.Bold {
			b.WriteString(`<w:b/><w:bCs/>`)
		}
		if size != "" {
			b.WriteString(`<w:sz w:val="` + size + `"/><w:szCs w:val="` + size + `"/>`)
		}
		b.WriteString(`</w:rPr>`)
	}
	writeText(b, r.Text)
	b.WriteString(`</w:r>`)
}

// TableSpec describes a table.
type TableSpec struct {
	// Header is the header row, repeated at the top of every page the
	// table runs over. It may be empty.
	Header []string
	// Rows are the body rows. A row shorter than the widest row is padded
	// with empty cells.
	Rows [][]string
	// Widths are the columns' relative widths (any unit: millimetres,
	// characters, weights); the table always spans the text block. Nil, or
	// a length other than the number of columns, gives equal widths.
	Widths []float64
	// Align aligns the cells of each column (Left, Center or Right; Indent
	// is taken as Left); missing entries are Left. Header cells are
	// centred.
	Align []Align
	// FontSize is the cell text's size in points, rounded to half points;
	// 0 means 10.5 (五号).
	FontSize float64
}

// Table appends a table with single-line borders: the header row in 黑体 on
// a light grey ground, body cells in 仿宋_GB2312 at spec.FontSize with
// single line spacing. The header row repeats on every page and no row
// splits across pages.
func (d *Document) Table(spec TableSpec) {
	cols := len(spec.Header)
	for _, r := range spec.Rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	if d.lastTable || d.breakNext {
		// Word would merge two adjacent tables, and a table cannot start a
		// page by itself: a one-point paragraph keeps them apart.
		d.paragraph("Spacer", "")
	}
	widths := columnWidths(spec.Widths, cols)
	size := "21"
	if spec.FontSize > 0 {
		size = itoa(int(math.Round(spec.FontSize * 2)))
	}
	b := &d.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + itoa(textWidth) + `" w:type="dxa"/><w:jc w:val="center"/>`)
	b.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="auto"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/>`)
	// Cell margins: 0.5 mm above and below, 1.5 mm at the sides.
	b.WriteString(`<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>` +
		`<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>`)
	b.WriteString(`</w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + itoa(w) + `"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	if len(spec.Header) > 0 {
		d.tableRow(spec.Header, widths, nil, size, true)
	}
	for _, r := range spec.Rows {
		d.tableRow(r, widths, spec.Align, size, false)
	}
	b.WriteString(`</w:tbl>`)
	d.lastTable = true
}

// tableRow writes one row of cells, padded to len(widths).
func (d *Document) tableRow(cells []string, widths []int, align []Align, size string, header bool) {
	b := &d.body
	b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
	if header {
		b.WriteString(`<w:tblHeader/>`)
	}
	b.WriteString(`</w:trPr>`)
	for i, w := range widths {
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + itoa(w) + `" w:type="dxa"/>`)
		if header {
			b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>`)
		}
		b.WriteString(`<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>`)
		jc := "left"
		switch {
		case header:
			jc = "center"
		case i < len(align) && align[i] == Center:
			jc = "center"
		case i < len(align) && align[i] == Right:
			jc = "right"
		}
		b.WriteString(`<w:jc w:val="` + jc + `"/></w:pPr>`)
		if i < len(cells) {
			r := Text(cells[i])
			if header {
				r.Font = Hei
			}
			writeRun(b, r, size)
		}
		b.WriteString(`</w:p></w:tc>`)
	}
	b.WriteString(`</w:tr>`)
}

// columnWidths divides the text width among cols columns in proportion to
// rel (equal shares if rel does not fit), in twips, summing to textWidth.
func columnWidths(rel []float64, cols int) []int {
	sum := 0.0
	for _, w := range rel {
		if !(w > 0) || math.IsInf(w, 1) {
			sum = math.NaN()
			break
		}
		sum += w
	}
	if len(rel) != cols || !(sum > 0) || math.IsInf(sum, 1) {
		rel, sum = make([]float64, cols), float64(cols)
		for i := range rel {
			rel[i] = 1
		}
	}
	out := make([]int, cols)
	left := textWidth
	for i := range cols - 1 {
		out[i] = int(math.Round(textWidth * rel[i] / sum))
		left -= out[i]
	}
	out[cols-1] = left
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
