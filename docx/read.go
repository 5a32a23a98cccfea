package docx

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxDocumentXML bounds the main part ReadText will read (a check against
// a ZIP bomb; the letters are a few hundred kilobytes).
const maxDocumentXML = 256 << 20

// ReadText returns the text of the .docx file in r (of the given size): one
// line per paragraph of the body, and one line per table row with its cells
// separated by tabs (the paragraphs of one cell by a space). Line breaks
// within a paragraph read as line feeds and tab stops as tabs; page breaks,
// fields' codes, headers and footers are left out. It reads
// word/document.xml, where Word, WPS and LibreOffice put the body.
func ReadText(r io.ReaderAt, size int64) (string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", fmt.Errorf("docx: %w", err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		return "", fmt.Errorf("docx: %w", err)
	}
	defer f.Close()
	lim := &io.LimitedReader{R: f, N: maxDocumentXML + 1}
	text, err := bodyText(lim)
	if lim.N <= 0 {
		return "", errors.New("docx: word/document.xml is larger than 256 MiB")
	}
	if err != nil {
		return "", fmt.Errorf("docx: word/document.xml: %w", err)
	}
	return text, nil
}

// bodyText walks the document's XML. The reader keeps the text of the
// current paragraph, the cells of the current row and, for nested tables,
// the enclosing rows on a stack.
func bodyText(r io.Reader) (string, error) {
	type row struct {
		cells []string
		cell  strings.Builder
	}
	var (
		lines []string
		para  strings.Builder
		rows  []*row
		inT   bool
	)
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != nsW {
				continue
			}
			switch t.Name.Local {
			case "t":
				inT = true
			case "tab":
				para.WriteByte('\t')
			case "br", "cr":
				if attr(t, "type") != "page" && attr(t, "type") != "column" {
					para.WriteByte('\n')
				}
			case "tr":
				rows = append(rows, &row{})
			case "tc":
				if len(rows) > 0 {
					rows[len(rows)-1].cell.Reset()
				}
			}
		case xml.EndElement:
			if t.Name.Space != nsW {
				continue
			}
			switch t.Name.Local {
			case "t":
				inT = false
			case "p":
				if len(rows) == 0 {
					lines = append(lines, para.String())
				} else {
					c := &rows[len(rows)-1].cell
					if c.Len() > 0 {
						c.WriteByte(' ')
					}
					c.WriteString(para.String())
				}
				para.Reset()
			case "tc":
				if len(rows) > 0 {
					top := rows[len(rows)-1]
					top.cells = append(top.cells, top.cell.String())
				}
			case "tr":
				if len(rows) == 0 {
					continue
				}
				line := strings.Join(rows[len(rows)-1].cells, "\t")
				rows = rows[:len(rows)-1]
				if len(rows) == 0 {
					lines = append(lines, line)
				} else {
					// A nested table's rows become text of the outer cell.
					para.WriteString(line)
					para.WriteByte(' ')
				}
			}
		case xml.CharData:
			if inT {
				para.Write(t)
			}
		}
	}
	return strings.Join(lines, "\n"), nil
}

// attr returns the value of the w: attribute name of e.
func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
