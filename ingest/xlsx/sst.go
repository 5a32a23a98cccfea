package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Namespaces the shared strings' root element may be in: transitional and
// strict SpreadsheetML (excelize reads strict as transitional).
const (
	nsSpreadsheet       = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsSpreadsheetStrict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
)

// readSharedStrings reads xl/sharedStrings.xml as excelize does (a
// <sst> root in the SpreadsheetML namespace holding one <si> per string)
// and returns the strings. It refuses anything excelize might read
// differently: other elements among the <si>, strings holding a strict
// namespace URI (excelize rewrites those), malformed XML.
func readSharedStrings(r io.Reader) (strs []string, err error) {
	s := newXMLScanner(r)
	defer func() {
		if err != nil {
			err = fmt.Errorf("at byte %d: %w", s.offset(), err)
		}
	}()
	var tok tokenKind
	for tok = s.next(); tok != tokStart; tok = s.next() {
		switch tok {
		case tokError:
			return nil, s.err
		case tokEOF:
			return nil, nil // no root element: excelize reads no strings
		}
	}
	if err := checkSSTRoot(s); err != nil {
		return nil, err
	}
	var (
		arena []byte // the text of every string, one after another
		ends  []int
		si    siReader
	)
	for {
		switch s.next() {
		case tokError:
			return nil, s.err
		case tokEOF:
			return nil, errors.New("unexpected EOF")
		case tokEnd:
			if s.depth() == 0 { // </sst>
				return splitArena(arena, ends), nil
			}
		case tokStart:
			if string(s.local) != "si" {
				return nil, fmt.Errorf("unsupported <%s> in shared strings", s.name)
			}
			text, err := si.read(s)
			if err != nil {
				return nil, fmt.Errorf("shared string %d: %w", len(ends), err)
			}
			if bytes.Contains(text, []byte("purl.oclc.org")) {
				return nil, fmt.Errorf("shared string %d: unsupported text with a strict namespace URI", len(ends))
			}
			arena = append(arena, text...)
			ends = append(ends, len(arena))
		}
	}
}

// checkSSTRoot checks the root start tag of the shared strings as
// excelize's xml.Unmarshal into xlsxSST does: local name sst in the
// SpreadsheetML namespace, integer count and uniqueCount attributes.
func checkSSTRoot(s *xmlScanner) error {
	if string(s.local) != "sst" {
		return fmt.Errorf("unsupported shared strings root <%s>", s.name)
	}
	prefix := ""
	if len(s.local) < len(s.name) {
		prefix = string(s.name[:len(s.name)-len(s.local)-1])
	}
	if prefix == "xml" || prefix == "xmlns" {
		return fmt.Errorf("unsupported shared strings root <%s>", s.name)
	}
	ns := ""
	for _, a := range s.attrs {
		name := string(a.name)
		if prefix == "" && name == "xmlns" || prefix != "" && name == "xmlns:"+prefix {
			ns = string(a.value)
		}
		switch string(a.local) {
		case "count", "uniqueCount":
			if len(a.value) > 0 {
				if _, err := strconv.ParseInt(strings.TrimSpace(string(a.value)), 10, strconv.IntSize); err != nil {
					return fmt.Errorf("shared strings: %s=%q", a.name, a.value)
				}
			}
		}
	}
	if ns != nsSpreadsheet && ns != nsSpreadsheetStrict {
		return fmt.Errorf("unsupported shared strings namespace %q", ns)
	}
	if bytes.IndexByte(s.buf[s.tagStart:s.pos], '&') >= 0 {
		return errors.New("unsupported entity in the shared strings root tag")
	}
	return nil
}

// splitArena returns the strings of arena that end at ends, sharing one
// allocation.
func splitArena(arena []byte, ends []int) []string {
	all := string(arena)
	out := make([]string, len(ends))
	start := 0
	for i, e := range ends {
		out[i] = all[start:e]
		start = e
	}
	return out
}

// siReader reads string items: <si> in the shared strings, <is> in an
// inline-string cell.
type siReader struct {
	text []byte
	out  []byte
}

// read reads the string item whose start tag is s's current token, up to
// its end tag, and returns its text as excelize's xlsxSI.String gives it:
// the <t> text, then the <t> text of each <r> run, phonetic runs left out,
// _xHHHH_ escapes resolved. The common item, a single <t> with text, is
// read here; any other is decoded with encoding/xml into a copy of
// excelize's types. The result is valid until the next call.
func (r *siReader) read(s *xmlScanner) ([]byte, error) {
	s.keep = s.tagStart
	defer func() { s.keep = -1 }()
	d := s.depth()
	simple, ts, inT := true, 0, false
	r.text = r.text[:0]
	for {
		switch s.next() {
		case tokError:
			return nil, s.err
		case tokEOF:
			return nil, errors.New("unexpected EOF")
		case tokStart:
			if s.depth() == d+1 && string(s.local) == "t" && ts == 0 {
				ts, inT = 1, true
			} else {
				simple = false
			}
		case tokEnd:
			if s.depth() < d {
				if simple {
					r.out = bstrUnmarshal(r.out[:0], r.text)
					return r.out, nil
				}
				return r.decode(s.buf[s.keep:s.pos])
			}
			inT = false
		case tokText:
			if inT {
				r.text = append(r.text, s.text...)
			}
		case tokOther:
			if inT {
				simple = false // a comment inside <t>: let encoding/xml say
			}
		}
	}
}

// decode decodes raw, a whole string item, with encoding/xml.
func (r *siReader) decode(raw []byte) ([]byte, error) {
	var si xlsxSI
	if err := xml.NewDecoder(bytes.NewReader(raw)).Decode(&si); err != nil {
		return nil, fmt.Errorf("string item: %w", err)
	}
	r.text = r.text[:0]
	if si.T != nil {
		r.text = append(r.text, si.T.Val...)
	}
	for _, run := range si.R {
		if run.T != nil {
			r.text = append(r.text, run.T.Val...)
		}
	}
	r.out = bstrUnmarshal(r.out[:0], r.text)
	return r.out, nil
}

// bstrUnmarshal appends s to dst with its _xHHHH_ escapes resolved, as
// excelize's bstrUnmarshal does: matches of _x[0-9A-Fa-f]{4}_, leftmost
// first and not overlapping, become the character U+HHHH, or nothing for a
// surrogate.
func bstrUnmarshal(dst, s []byte) []byte {
	for {
		i := bytes.Index(s, []byte("_x"))
		for i >= 0 && !isEscape(s[i:]) {
			j := bytes.Index(s[i+1:], []byte("_x"))
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		v, _ := strconv.ParseUint(string(s[i+2:i+6]), 16, 32)
		if r := rune(v); utf8.ValidRune(r) {
			dst = utf8.AppendRune(dst, r)
		}
		s = s[i+7:]
	}
}

// isEscape reports whether s starts with _xHHHH_.
func isEscape(s []byte) bool {
	if len(s) < 7 || s[6] != '_' {
		return false
	}
	for _, b := range s[2:6] {
		if !isDigit(b) && !isHexLetter(b) {
			return false
		}
	}
	return true
}

// The types below copy excelize v2.11.1's (xmlSharedStrings.go,
// xmlChart.go, xmlStyles.go, xmlComments.go, xmlWorksheet.go, lib.go), so
// that a rich-text string item decodes, or fails to, exactly as it does
// there.

type xlsxSI struct {
	T          *xlsxT             `xml:"t,omitempty"`
	R          []xlsxR            `xml:"r"`
	RPh        []*xlsxPhoneticRun `xml:"rPh"`
	PhoneticPr *xlsxPhoneticPr    `xml:"phoneticPr"`
}

type xlsxR struct {
	XMLName xml.Name `xml:"r"`
	RPr     *xlsxRPr `xml:"rPr"`
	T       *xlsxT   `xml:"t"`
}

type xlsxT struct {
	XMLName xml.Name `xml:"t"`
	Space   xml.Attr `xml:"space,attr,omitempty"`
	Val     string   `xml:",chardata"`
}

type xlsxRPr struct {
	RFont     *attrValString `xml:"rFont"`
	Charset   *attrValInt    `xml:"charset"`
	Family    *attrValInt    `xml:"family"`
	B         *attrValBool   `xml:"b"`
	I         *attrValBool   `xml:"i"`
	Strike    *attrValBool   `xml:"strike"`
	Outline   *attrValBool   `xml:"outline"`
	Shadow    *attrValBool   `xml:"shadow"`
	Condense  *attrValBool   `xml:"condense"`
	Extend    *attrValBool   `xml:"extend"`
	Color     *xlsxColor     `xml:"color"`
	Sz        *attrValFloat  `xml:"sz"`
	U         *attrValString `xml:"u"`
	VertAlign *attrValString `xml:"vertAlign"`
	Scheme    *attrValString `xml:"scheme"`
}

type attrValInt struct {
	Val *int `xml:"val,attr"`
}

type attrValFloat struct {
	Val *float64 `xml:"val,attr"`
}

type attrValBool struct {
	Val *bool `xml:"val,attr"`
}

type attrValString struct {
	Val *string `xml:"val,attr"`
}

type xlsxColor struct {
	Auto    bool    `xml:"auto,attr,omitempty"`
	RGB     string  `xml:"rgb,attr,omitempty"`
	Indexed int     `xml:"indexed,attr,omitempty"`
	Theme   *int    `xml:"theme,attr"`
	Tint    float64 `xml:"tint,attr,omitempty"`
}

type xlsxPhoneticRun struct {
	Sb uint32 `xml:"sb,attr"`
	Eb uint32 `xml:"eb,attr"`
	T  string `xml:"t"`
}

type xlsxPhoneticPr struct {
	XMLName   xml.Name `xml:"phoneticPr"`
	Alignment string   `xml:"alignment,attr,omitempty"`
	FontID    *int     `xml:"fontId,attr"`
	Type      string   `xml:"type,attr,omitempty"`
}

// errAttrValBool is excelize's ErrAttrValBool.
var errAttrValBool = errors.New("unexpected child of attrValBool")

// UnmarshalXML is excelize's attrValBool.UnmarshalXML: val is a boolean,
// an empty or missing val is true.
func (avb *attrValBool) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for {
		t, err := d.Token()
		if err != nil {
			return err
		}
		found := false
		switch t.(type) {
		case xml.StartElement:
			return errAttrValBool
		case xml.EndElement:
			found = true
		}
		if found {
			break
		}
	}
	for _, attr := range start.Attr {
		if attr.Name.Local == "val" {
			if attr.Value == "" {
				val := true
				avb.Val = &val
			} else {
				val, err := strconv.ParseBool(attr.Value)
				if err != nil {
					return err
				}
				avb.Val = &val
			}
			return nil
		}
	}
	defaultVal := true
	avb.Val = &defaultVal
	return nil
}
