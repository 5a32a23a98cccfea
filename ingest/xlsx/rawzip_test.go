package xlsx

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"strings"
)

// rawBook is a workbook written part by part, the way Excel, WPS and
// other generators lay it out, to test what excelize's own writer never
// produces: shared strings, rich text, rows and cells without r
// attributes, formula, boolean and error cells, date1904="true".
type rawBook struct {
	Date1904 string   // workbookPr date1904 attribute; "" leaves it out
	Sheets   []string // sheet names
	// SheetData writes the <sheetData> content of sheet i.
	SheetData []func(w io.Writer) error
	Strings   []string // <si> elements of sharedStrings.xml, as XML
	// Worksheets, if set, holds the whole XML of each sheet's part,
	// written as it is instead of SheetData's.
	Worksheets []string
	// SST, if set, is the whole XML of sharedStrings.xml, written as it is
	// instead of Strings'.
	SST string
	// ContentTypes, if set, is written as [Content_Types].xml instead of
	// the generated one.
	ContentTypes string
}

const (
	nsMain  = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg   = "http://schemas.openxmlformats.org/package/2006/relationships"
	xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// write saves the workbook at path.
func (b *rawBook) write(path string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	zw := zip.NewWriter(f)
	part := func(name, content string) error {
		w, err := zw.Create(name)
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, xmlDecl+content)
		return err
	}
	var types, rels, sheets strings.Builder
	types.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	fmt.Fprintf(&rels, `<Relationships xmlns="%s">`, nsPkg)
	for i, name := range b.Sheets {
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, nsRel, i+1)
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i+1, i+1)
	}
	n := len(b.Sheets)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>`, n+1, nsRel)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, n+2, nsRel)
	rels.WriteString(`</Relationships>`)
	types.WriteString(`</Types>`)
	pr := ""
	if b.Date1904 != "" {
		pr = fmt.Sprintf(`<workbookPr date1904="%s"/>`, b.Date1904)
	}
	parts := [][2]string{
		{"[Content_Types].xml", types.String()},
		{"_rels/.rels", fmt.Sprintf(`<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>`, nsPkg, nsRel)},
		{"xl/workbook.xml", fmt.Sprintf(`<workbook xmlns="%s" xmlns:r="%s">%s<sheets>%s</sheets></workbook>`, nsMain, nsRel, pr, sheets.String())},
		{"xl/_rels/workbook.xml.rels", rels.String()},
		{"xl/styles.xml", fmt.Sprintf(`<styleSheet xmlns="%s"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>`+
			`<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>`+
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`+
			`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`, nsMain)},
		{"xl/sharedStrings.xml", fmt.Sprintf(`<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>`, nsMain, len(b.Strings), len(b.Strings), strings.Join(b.Strings, ""))},
	}
	if b.ContentTypes != "" {
		parts[0][1] = b.ContentTypes
	}
	for _, p := range parts {
		if p[0] == "xl/sharedStrings.xml" && b.SST != "" {
			w, err := zw.Create(p[0])
			if err != nil {
				return err
			}
			if _, err := io.WriteString(w, b.SST); err != nil {
				return err
			}
			continue
		}
		if err := part(p[0], p[1]); err != nil {
			return err
		}
	}
	for i, ws := range b.Worksheets {
		w, err := zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, ws); err != nil {
			return err
		}
	}
	for i := range b.SheetData {
		w, err := zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, `%s<worksheet xmlns="%s" xmlns:r="%s"><sheetFormatPr defaultRowHeight="13.5"/><sheetData>`, xmlDecl, nsMain, nsRel); err != nil {
			return err
		}
		if err := b.SheetData[i](w); err != nil {
			return err
		}
		if _, err := io.WriteString(w, `</sheetData></worksheet>`); err != nil {
			return err
		}
	}
	return zw.Close()
}

// xmlData returns a SheetData function writing s.
func xmlData(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}
