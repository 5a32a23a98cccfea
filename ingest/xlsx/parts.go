package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
)

// fastBook is what the fast reader needs of a workbook: its zip archive,
// the part that holds each sheet, found as excelize finds it, and, once
// prepared, the shared strings.
type fastBook struct {
	zr     *zip.ReadCloser
	files  map[string]*zip.File // by name as excelize keys them; nil if the name is ambiguous
	sheets map[string]string    // sheet name → worksheet part
	sst    []string

	prepared bool
	prepErr  error // why the fast reader reads none of the workbook
}

// Parts excelize reads from fixed paths.
const (
	partRels          = "_rels/.rels"
	partContentTypes  = "[Content_Types].xml"
	partSharedStrings = "xl/sharedStrings.xml"
	relOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)

// openFastBook opens path's zip archive and finds the sheets' parts.
// sheets is excelize's sheet list, which the workbook's own must match.
// An error means the fast reader reads none of the workbook.
func openFastBook(path string, sheets []string) (b *fastBook, err error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	b = &fastBook{zr: zr, files: map[string]*zip.File{}}
	defer func() {
		if err != nil {
			zr.Close()
		}
	}()
	for _, f := range zr.File {
		name := excelizePartName(f.Name)
		if _, dup := b.files[name]; dup {
			b.files[name] = nil
			continue
		}
		b.files[name] = f
	}
	names, err := b.sheetParts()
	if err != nil {
		return nil, err
	}
	if !slices.Equal(names, sheets) {
		return nil, fmt.Errorf("workbook.xml lists sheets %q, excelize %q", names, sheets)
	}
	return b, nil
}

// prepare reads, once, what the fast reader needs besides the sheets'
// parts: it checks the content types and reads the shared strings. An
// error means the fast reader reads none of the workbook.
func (b *fastBook) prepare() error {
	if b.prepared {
		return b.prepErr
	}
	b.prepared = true
	// excelize reads the content types on its first read of a row and
	// fails that read if they are malformed.
	var types xlsxTypes
	if b.prepErr = b.decode(partContentTypes, &types); b.prepErr == nil {
		b.sst, b.prepErr = b.sharedStrings()
	}
	return b.prepErr
}

// excelizePartName is the name under which excelize's ReadZipReader keeps
// a zip entry.
func excelizePartName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	switch strings.ToLower(name) {
	case "[content_types].xml":
		return partContentTypes
	case "xl/sharedstrings.xml":
		return partSharedStrings
	}
	return name
}

// file returns the zip entry of a part; ok is false if there is none, err
// set if the name is ambiguous.
func (b *fastBook) file(name string) (f *zip.File, ok bool, err error) {
	f, ok = b.files[name]
	if ok && f == nil {
		return nil, false, fmt.Errorf("several zip entries named %s", name)
	}
	return f, ok, nil
}

// read returns a part's content, nil if there is none.
func (b *fastBook) read(name string) ([]byte, error) {
	f, ok, err := b.file(name)
	if !ok {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	content, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return content, nil
}

// decode decodes a part as excelize does: strict namespaces read as
// transitional, a missing or empty part as nothing.
func (b *fastBook) decode(name string, v any) error {
	content, err := b.read(name)
	if err != nil {
		return err
	}
	err = xml.NewDecoder(bytes.NewReader(strictToTransitional(content))).Decode(v)
	if err != nil && err != io.EOF {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// strictToTransitional rewrites the strict OOXML namespaces the fast
// reader meets in workbook.xml and the relationships as transitional, as
// excelize's namespaceStrictToTransitional does.
func strictToTransitional(content []byte) []byte {
	if !bytes.Contains(content, []byte("purl.oclc.org")) {
		return content
	}
	for _, r := range [][2]string{
		{"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument", relOfficeDocument},
		{"http://purl.oclc.org/ooxml/officeDocument/relationships", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"},
		{nsSpreadsheetStrict, nsSpreadsheet},
	} {
		content = bytes.ReplaceAll(content, []byte(r[0]), []byte(r[1]))
	}
	return content
}

// sheetParts finds each sheet's worksheet part as excelize's getSheetMap
// does and returns the workbook's sheet names.
func (b *fastBook) sheetParts() ([]string, error) {
	var rels xlsxRelationships
	if err := b.decode(partRels, &rels); err != nil {
		return nil, err
	}
	wbPath := ""
	for _, r := range rels.Relationships {
		if r.Type == relOfficeDocument {
			wbPath = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	var wb xlsxWorkbook
	if err := b.decode(wbPath, &wb); err != nil {
		return nil, err
	}
	var wbRels xlsxRelationships
	if err := b.decode(workbookRelsPath(wbPath), &wbRels); err != nil {
		return nil, err
	}
	b.sheets = map[string]string{}
	var names []string
	for _, s := range wb.Sheets.Sheet {
		names = append(names, s.Name)
		for _, r := range wbRels.Relationships {
			if r.ID != s.ID {
				continue
			}
			part := worksheetPath(wbPath, r.Target)
			if _, ok := b.files[part]; ok {
				b.sheets[s.Name] = part
			}
		}
	}
	return names, nil
}

// workbookRelsPath is excelize's getWorkbookRelsPath.
func workbookRelsPath(wbPath string) string {
	wbDir := filepath.Dir(wbPath)
	if wbDir == "." {
		return "_rels/" + filepath.Base(wbPath) + ".rels"
	}
	return strings.TrimPrefix(filepath.Dir(wbPath)+"/_rels/"+filepath.Base(wbPath)+".rels", "/")
}

// worksheetPath is excelize's getWorksheetPath.
func worksheetPath(wbPath, relTarget string) string {
	path := filepath.ToSlash(strings.TrimPrefix(
		strings.ReplaceAll(filepath.Clean(fmt.Sprintf("%s/%s", filepath.Dir(wbPath), relTarget)), "\\", "/"), "/"))
	if strings.HasPrefix(relTarget, "/") {
		path = filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(filepath.Clean(relTarget), "\\", "/"), "/"))
	}
	return path
}

// sharedStrings reads xl/sharedStrings.xml, nil if there is none.
func (b *fastBook) sharedStrings() ([]string, error) {
	f, ok, err := b.file(partSharedStrings)
	if !ok {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", partSharedStrings, err)
	}
	defer rc.Close()
	sst, err := readSharedStrings(rc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", partSharedStrings, err)
	}
	return sst, nil
}

// sheet opens the XML of a sheet's worksheet part.
func (b *fastBook) sheet(name string) (io.ReadCloser, error) {
	part := ""
	for n, p := range b.sheets {
		if strings.EqualFold(n, name) {
			if part != "" {
				return nil, fmt.Errorf("sheet names that differ only in case: %q", name)
			}
			part = p
		}
	}
	f, ok, err := b.file(part)
	if !ok {
		return nil, errors.Join(err, fmt.Errorf("no worksheet part for sheet %q", name))
	}
	if f.UncompressedSize64 == 0 {
		return nil, fmt.Errorf("%s is empty", part)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", part, err)
	}
	return rc, nil
}

func (b *fastBook) close() error { return b.zr.Close() }

// The types below copy the fields of excelize v2.11.1's types
// (xmlContentTypes.go, xmlWorkbook.go) that decide whether and how it
// reads the parts.

type xlsxTypes struct {
	XMLName   xml.Name       `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []xlsxDefault  `xml:"Default"`
	Overrides []xlsxOverride `xml:"Override"`
}

type xlsxOverride struct {
	PartName    string `xml:",attr"`
	ContentType string `xml:",attr"`
}

type xlsxDefault struct {
	Extension   string `xml:",attr"`
	ContentType string `xml:",attr"`
}

type xlsxRelationships struct {
	XMLName       xml.Name           `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
	Relationships []xlsxRelationship `xml:"Relationship"`
}

type xlsxRelationship struct {
	ID         string `xml:"Id,attr"`
	Target     string `xml:",attr"`
	Type       string `xml:",attr"`
	TargetMode string `xml:",attr,omitempty"`
}

type xlsxWorkbook struct {
	XMLName xml.Name   `xml:"http://schemas.openxmlformats.org/spreadsheetml/2006/main workbook"`
	Sheets  xlsxSheets `xml:"sheets"`
}

type xlsxSheets struct {
	Sheet []xlsxSheet `xml:"sheet"`
}

type xlsxSheet struct {
	Name    string `xml:"name,attr,omitempty"`
	SheetID int    `xml:"sheetId,attr,omitempty"`
	ID      string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	State   string `xml:"state,attr,omitempty"`
}
