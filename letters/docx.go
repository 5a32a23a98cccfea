package letters

import (
	"strings"

	"github.com/microrisk/microrisk/docx"
)

// DOCX returns the letter as an editable Word document (.docx) in the
// layout of GB/T 9704-2012 (see package docx): the draft marker, the
// reference number, the title, the addressee, the body in three numbered
// sections, the annex note, the signature block at the right with the date
// and the draft note; then, on a new page, the annex with its table, whose
// header row repeats on every page. It opens in WPS and Word. DOCX returns
// the error of Validate.
func (l Letter) DOCX() ([]byte, error) {
	l = l.cleaned()
	if err := l.Validate(); err != nil {
		return nil, err
	}
	c := compose(l)
	d := docx.New()
	d.Paragraph(docx.Left, docx.Run{Text: c.Draft, Font: docx.Hei})
	d.Paragraph(docx.Center, docx.Text(c.Number))
	d.Paragraph(docx.Left)
	d.Title(strings.Join(c.Title, "\n"))
	d.Paragraph(docx.Left, docx.Text(c.Addressee))
	d.Paragraph(docx.Indent, docx.Text(c.Opening))
	for _, s := range c.Sections {
		d.Heading(1, s.Heading)
		for _, p := range s.Paras {
			var runs []docx.Run
			if p.Lead != "" {
				runs = append(runs, docx.Run{Text: p.Lead, Font: docx.Kai})
			}
			d.Paragraph(docx.Indent, append(runs, docx.Text(p.Text))...)
		}
	}
	if c.AnnexRef != "" {
		d.Paragraph(docx.Left)
		d.Paragraph(docx.Indent, docx.Text(c.AnnexRef))
	}
	d.Paragraph(docx.Left)
	d.Paragraph(docx.Right, docx.Text(c.Issuer))
	d.Paragraph(docx.Right, docx.Text(c.Date))
	d.Paragraph(docx.Indent, docx.Text(c.Note))
	if a := c.Annex; a != nil {
		d.PageBreak()
		d.Paragraph(docx.Left, docx.Run{Text: a.Label, Font: docx.Hei})
		d.Title(a.Title)
		d.Paragraph(docx.Indent, docx.Text(a.Caption))
		if a.Capped != "" {
			d.Paragraph(docx.Indent, docx.Text(a.Capped))
		}
		aligns := make([]docx.Align, len(a.Header))
		for i := range aligns {
			switch {
			case annexRight[i]:
				aligns[i] = docx.Right
			case annexCenter[i]:
				aligns[i] = docx.Center
			}
		}
		d.Table(docx.TableSpec{Header: a.Header, Rows: a.Rows, Widths: annexWidths[c.Lang], Align: aligns, FontSize: annexFontSize[c.Lang]})
	}
	return d.Bytes(), nil
}
