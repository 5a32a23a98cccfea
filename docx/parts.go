package docx

import (
	"fmt"
	"strings"
)

// The namespaces of the parts.
const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsW       = `http://schemas.openxmlformats.org/wordprocessingml/2006/main`
	nsR       = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	nsRels    = `http://schemas.openxmlformats.org/package/2006/relationships`
	relType   = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
	ctMain    = `application/vnd.openxmlformats-officedocument.wordprocessingml.`
)

// part is one file of the package.
type part struct {
	name string
	data string
}

// parts returns the files of the package in the order they are written.
func (d *Document) parts() []part {
	return []part{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"docProps/core.xml", coreProps(d.title)},
		{"docProps/app.xml", appProps},
		{"word/document.xml", d.documentXML()},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles},
		{"word/settings.xml", settings},
		{"word/fontTable.xml", fontTable},
		{"word/footer1.xml", footer("right", `w:right="`+itoa(pageNumberIndent)+`"`)},
		{"word/footer2.xml", footer("left", `w:left="`+itoa(pageNumberIndent)+`"`)},
	}
}

var contentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="` + ctMain + `document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="` + ctMain + `styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="` + ctMain + `settings+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="` + ctMain + `fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="` + ctMain + `footer+xml"/>` +
	`<Override PartName="/word/footer2.xml" ContentType="` + ctMain + `footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

var packageRels = xmlHeader + `<Relationships xmlns="` + nsRels + `">` +
	`<Relationship Id="rId1" Type="` + relType + `officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relType + `extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

var documentRels = xmlHeader + `<Relationships xmlns="` + nsRels + `">` +
	`<Relationship Id="rId1" Type="` + relType + `styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="` + relType + `settings" Target="settings.xml"/>` +
	`<Relationship Id="rId3" Type="` + relType + `fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rId4" Type="` + relType + `footer" Target="footer1.xml"/>` +
	`<Relationship Id="rId5" Type="` + relType + `footer" Target="footer2.xml"/>` +
	`</Relationships>`

// coreProps carries the title and no dates, so that output is deterministic.
func coreProps(title string) string {
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + escape(strings.ReplaceAll(title, "\n", "")) + `</dc:title><dc:language>zh-CN</dc:language>` +
		`</cp:coreProperties>`
}

var appProps = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>microrisk</Application></Properties>`

// documentXML wraps the body with the section properties: A4, the margins,
// the footers (odd pages default, even pages even) and the grid of 22
// lines.
func (d *Document) documentXML() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)
	b.Write(d.body.Bytes())
	if d.lastTable {
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Spacer"/></w:pPr></w:p>`)
	}
	fmt.Fprintf(&b, `<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/>`+
		`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`+
		`<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="%d"/></w:sectPr>`,
		pageWidth, pageHeight, marginTop, marginRight, marginBottom, marginLeft, headerDistance, footerDistance,
		linePitch)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// fonts sets a run's four font slots (Latin, East Asian, high ANSI and
// complex script) to f.
func fonts(f Font) string {
	return fmt.Sprintf(`<w:rFonts w:ascii="%s" w:eastAsia="%[1]s" w:hAnsi="%[1]s" w:cs="%[1]s"/>`, f)
}

// styles: the body (Normal) on the 22-line grid, justified, with widow
// control off as Chinese text sets it; the title; four heading levels; the
// table text, footer and spacer paragraphs, which leave the grid.
var styles = xmlHeader + `<w:styles xmlns:w="` + nsW + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr>` + fonts(FangSong) +
	`<w:kern w:val="2"/><w:sz w:val="` + itoa(bodyHalfPoints) + `"/><w:szCs w:val="` + itoa(bodyHalfPoints) + `"/>` +
	`<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:spacing w:before="0" w:after="0" w:line="` + itoa(linePitch) + `" w:lineRule="exact"/>` +
	`<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>` +
	`<w:rPr><w:spacing w:val="` + itoa(charSpacing) + `"/></w:rPr></w:style>` +
	`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>` +
	`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>` +
	`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:after="` + itoa(linePitch) + `"/><w:jc w:val="center"/></w:pPr>` +
	`<w:rPr>` + fonts(XiaoBiaoSong) + `<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>` +
	heading(1, Hei, false) + heading(2, Kai, false) + heading(3, FangSong, true) + heading(4, FangSong, false) +
	`<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>` +
	`<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr>` +
	`<w:rPr><w:spacing w:val="0"/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>` +
	`<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/></w:pPr>` +
	`<w:rPr>` + fonts(Song) + `<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:customStyle="1" w:styleId="Spacer"><w:name w:val="Spacer"/><w:basedOn w:val="Normal"/>` +
	`<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="20" w:lineRule="exact"/></w:pPr>` +
	`<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:style>` +
	`</w:styles>`

// heading is the style of a heading level: Word's built-in "heading n"
// (so that the navigation pane lists it), indented two characters.
func heading(level int, f Font, bold bool) string {
	n := itoa(level)
	b := `<w:b w:val="0"/><w:bCs w:val="0"/>`
	if bold {
		b = `<w:b/><w:bCs/>`
	}
	return `<w:style w:type="paragraph" w:styleId="Heading` + n + `"><w:name w:val="heading ` + n + `"/>` +
		`<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="` + itoa(2*bodyTwips) + `"/>` +
		`<w:outlineLvl w:val="` + itoa(level-1) + `"/></w:pPr>` +
		`<w:rPr>` + fonts(f) + b + `</w:rPr></w:style>`
}

// settings: odd and even page footers, no compression of punctuation, and
// Word 2013's layout rules.
var settings = xmlHeader + `<w:settings xmlns:w="` + nsW + `">` +
	`<w:zoom w:percent="100"/><w:defaultTabStop w:val="` + itoa(2*bodyTwips) + `"/><w:evenAndOddHeaders/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>` +
	`<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>`

// fontTable names each face with its alternate (the name under which
// Windows ships a similar face) and the GB2312 character set (0x86).
var fontTable = xmlHeader + `<w:fonts xmlns:w="` + nsW + `">` +
	font(FangSong, "仿宋", "modern", "fixed") +
	font(Kai, "楷体", "modern", "fixed") +
	font(XiaoBiaoSong, "宋体", "auto", "variable") +
	font(Hei, "SimHei", "modern", "fixed") +
	font(Song, "SimSun", "auto", "variable") +
	`</w:fonts>`

func font(name Font, alt, family, pitch string) string {
	return `<w:font w:name="` + string(name) + `"><w:altName w:val="` + alt + `"/><w:charset w:val="86"/>` +
		`<w:family w:val="` + family + `"/><w:pitch w:val="` + pitch + `"/></w:font>`
}

// footer is a page-number footer "— n —" aligned to side with the given
// indent attribute.
func footer(side, indent string) string {
	return xmlHeader + `<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:p><w:pPr><w:pStyle w:val="Footer"/>` +
		`<w:ind ` + indent + `/><w:jc w:val="` + side + `"/></w:pPr>` +
		`<w:r><w:t xml:space="preserve">— </w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
		`<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`
}
