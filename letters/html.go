package letters

import (
	"bytes"
	_ "embed"
	"html/template"
	"strconv"
)

//go:embed letter.html
var pageTemplate string

// page is what the HTML template reads: the content, the annex columns'
// widths (per cent of the text block) and each column's cell class.
type page struct {
	*content
	Widths []string
	Cells  []string
}

var pageTmpl = template.Must(template.New("letter").Parse(pageTemplate))

// HTML returns the letter as one self-contained HTML page to print on A4:
// the letter, then the annex starting a new page. The style is inline;
// the page has no script and refers to nothing outside itself (no link,
// image or font file), so it works offline and opened from a file. All text
// goes through html/template. Printed, it has GB/T 9704's page margins and
// "— n —" page numbers; a table row never splits across pages and the
// annex's header row repeats on each. On screen the letter and the annex
// show as two centred sheets. HTML returns the error of Validate.
func (l Letter) HTML() ([]byte, error) {
	l = l.cleaned()
	if err := l.Validate(); err != nil {
		return nil, err
	}
	c := compose(l)
	p := page{content: c, Widths: percents(annexWidths[c.Lang])}
	for i := range annexWidths[c.Lang] {
		class := ""
		switch {
		case annexRight[i]:
			class = "r"
		case annexCenter[i]:
			class = "c"
		}
		p.Cells = append(p.Cells, class)
	}
	var b bytes.Buffer
	if err := pageTmpl.Execute(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// percents converts relative widths to per cent of their sum, as CSS
// lengths.
func percents(ws []float64) []string {
	sum := 0.0
	for _, w := range ws {
		sum += w
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strconv.FormatFloat(100*w/sum, 'f', 2, 64) + "%"
	}
	return out
}
