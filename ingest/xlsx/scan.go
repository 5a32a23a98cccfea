package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlScanner tokenizes XML from a reader as bytes. It accepts exactly what
// encoding/xml's Decoder (strict, no custom entities, UTF-8) accepts,
// yields the same character data, and refuses with an error wrapping
// errRefused what it does not handle itself: non-ASCII element and
// attribute names, DOCTYPE and other directives, and any encoding other
// than UTF-8. Refusing is always safe, because the caller then reads the
// sheet with excelize instead; the scanner must never accept XML that
// encoding/xml rejects or reads differently. Any other error is XML that
// encoding/xml rejects too, or a read error: the input is malformed or cut
// off there.
//
// Names and text of the current token point into the scanner's buffers and
// are valid until the next call to next.
type xmlScanner struct {
	rd   io.Reader
	buf  []byte
	pos  int   // next byte to read
	end  int   // end of the data in buf
	keep int   // first byte to keep on refill (a capture), or -1
	base int64 // input offset of buf[0]
	rerr error // read error; io.EOF at the end of the input
	err  error // sticky scan error

	// The current token.
	kind      tokenKind
	tagStart  int    // offset in buf of a start tag's '<'
	name      []byte // raw name of a start or end tag
	local     []byte // name without its prefix, as encoding/xml's Name.Local
	attrs     []xmlAttr
	text      []byte // character data of a text token
	selfClose bool   // a start tag written <…/>; next returns its end

	// Open elements: their raw names, one after another.
	names []byte
	ends  []int

	tbuf  []byte    // decoded text
	abuf  []byte    // decoded attribute values
	aoffs []attrOff // attribute offsets while a tag is parsed
}

type tokenKind uint8

const (
	tokError tokenKind = iota // s.err says why
	tokEOF                    // the input ended with every element closed
	tokStart
	tokEnd
	tokText  // character data or a CDATA section
	tokOther // a comment or a processing instruction
)

// xmlAttr is an attribute of the current start tag, its value decoded.
type xmlAttr struct {
	name, local, value []byte
}

// attrOff locates an attribute in buf (name) and in buf or abuf (value)
// while a start tag is being parsed; buf may move until it is complete.
type attrOff struct {
	name0, name1, local0 int
	val0, val1           int
	decoded              bool // the value is abuf[val0:val1]
}

// scanBuffer is the initial size of the scanner's buffer; it grows for
// longer tokens.
const scanBuffer = 64 << 10

// maxScanBuffer bounds the scanner's buffer, and so the longest token
// (a cell's text, a tag) it reads.
const maxScanBuffer = 64 << 20

// errRefused wraps the scanner's errors for XML it does not handle but
// encoding/xml may read.
var errRefused = errors.New("unsupported by the byte scanner")

// errNeedMore is parse's signal that the token continues past the data in
// the buffer.
var errNeedMore = errors.New("need more input")

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{rd: r, buf: make([]byte, scanBuffer), keep: -1}
}

// failf makes the scanner fail; offset says where.
func (s *xmlScanner) failf(format string, args ...any) tokenKind {
	if s.err == nil {
		s.err = fmt.Errorf(format, args...)
	}
	s.kind = tokError
	return tokError
}

// offset is the input offset of the next byte.
func (s *xmlScanner) offset() int64 { return s.base + int64(s.pos) }

// depth is the number of open elements.
func (s *xmlScanner) depth() int { return len(s.ends) }

// fill reads more input, keeping buf[from:] and any capture. Offsets into
// buf held by the caller must be reduced by the returned shift (s.pos and
// s.keep are adjusted here). ok is false at the end of the input or on a
// read error (s.rerr).
func (s *xmlScanner) fill(from int) (shift int, ok bool) {
	if s.rerr != nil {
		return 0, false
	}
	shift = from
	if s.keep >= 0 && s.keep < shift {
		shift = s.keep
	}
	if shift > 0 {
		s.end = copy(s.buf, s.buf[shift:s.end])
		s.pos -= shift
		if s.keep >= 0 {
			s.keep -= shift
		}
		s.base += int64(shift)
	}
	if len(s.buf)-s.end < len(s.buf)/4 { // grow early: a token is parsed again after each fill
		if 2*len(s.buf) > maxScanBuffer {
			s.rerr = fmt.Errorf("%w: a value or tag of the XML longer than %d MiB", ErrTooLarge, maxScanBuffer>>20)
			return shift, false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.rd.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.rerr = err
			return shift, n > 0
		}
		if n > 0 {
			return shift, true
		}
	}
}

// endOfInput reports why fill returned false: a read error fails the scan.
func (s *xmlScanner) endOfInput() bool {
	if s.rerr != io.EOF {
		s.failf("read: %w", s.rerr)
		return false
	}
	return true
}

// next reads the next token.
func (s *xmlScanner) next() tokenKind {
	if s.err != nil {
		return tokError
	}
	if s.selfClose {
		s.selfClose = false
		s.kind = tokEnd
		s.name = s.names[s.top():]
		s.local = localName(s.name)
		s.pop()
		return tokEnd
	}
	if s.pos >= s.end {
		shift, ok := s.fill(s.pos)
		_ = shift
		if !ok {
			if !s.endOfInput() {
				return tokError
			}
			if len(s.ends) > 0 {
				return s.failf("unexpected EOF")
			}
			s.kind = tokEOF
			return tokEOF
		}
	}
	if s.buf[s.pos] != '<' {
		return s.readText()
	}
	for {
		k, err := s.markup()
		if err == nil {
			return k
		}
		if err != errNeedMore {
			return s.failf("%w", err)
		}
		if _, ok := s.fill(s.pos); !ok {
			if s.endOfInput() {
				return s.failf("unexpected EOF")
			}
			return tokError
		}
	}
}

// top is the offset in s.names of the innermost open element's name.
func (s *xmlScanner) top() int {
	if len(s.ends) < 2 {
		return 0
	}
	return s.ends[len(s.ends)-2]
}

func (s *xmlScanner) push(name []byte) {
	s.names = append(s.names, name...)
	s.ends = append(s.ends, len(s.names))
}

func (s *xmlScanner) pop() {
	s.names = s.names[:s.top()]
	s.ends = s.ends[:len(s.ends)-1]
}

// readText reads character data up to the next '<' or the end of the
// input.
func (s *xmlScanner) readText() tokenKind {
	start, i := s.pos, s.pos
	for {
		if j := bytes.IndexByte(s.buf[i:s.end], '<'); j >= 0 {
			i += j
			break
		}
		i = s.end
		shift, ok := s.fill(start)
		start -= shift
		i -= shift
		if !ok {
			if !s.endOfInput() {
				return tokError
			}
			break
		}
	}
	raw := s.buf[start:i]
	s.pos = i
	text, err := s.decode(raw, false)
	if err != nil {
		return s.failf("%w", err)
	}
	s.kind, s.text = tokText, text
	return tokText
}

// Byte classes of character data: bytes that need decoding or a check
// ('&', '\r', '>', and '<', which ends text and is an error in an
// attribute value), bytes never allowed (C0 controls but tab and line
// feed), and bytes of multi-byte characters, which need a UTF-8 check.
const (
	classDecode  = 1
	classIllegal = 2
	classHigh    = 4
)

var textClass = func() (t [256]uint8) {
	for b := range 0x20 {
		t[b] = classIllegal
	}
	t['\t'], t['\n'] = 0, 0
	t['&'], t['\r'], t['>'], t['<'] = classDecode, classDecode, classDecode, classDecode
	for b := 0x80; b < 0x100; b++ {
		t[b] = classHigh
	}
	return t
}()

// decode returns the character data of raw, text between markup or a
// quoted attribute value (attr), as encoding/xml's Decoder.text returns
// it: entities resolved, "\r\n" and "\r" read as "\n", and an error
// where the Decoder fails. The result is raw itself or s.tbuf.
func (s *xmlScanner) decode(raw []byte, attr bool) ([]byte, error) {
	var class uint8
	for _, b := range raw {
		class |= textClass[b]
	}
	switch {
	case class == 0:
		return raw, nil
	case class&classIllegal != 0:
		return nil, errors.New("illegal character in text")
	case class == classHigh:
		if !validChars(raw) {
			return nil, errors.New("invalid UTF-8 or illegal character in text")
		}
		return raw, nil
	}
	out, err := decodeText(s.tbuf[:0], raw, attr)
	s.tbuf = out
	return out, err
}

// decodeText appends the character data of raw to dst, following
// encoding/xml's Decoder.text (strict mode, no custom entities) step by
// step, and checks the result as it does.
func decodeText(dst, raw []byte, attr bool) ([]byte, error) {
	var b0, b1 byte
	for i := 0; i < len(raw); i++ {
		b := raw[i]
		if !attr && b0 == ']' && b1 == ']' && b == '>' {
			return dst, errors.New("unescaped ]]> not in CDATA section")
		}
		if b == '<' {
			return dst, errors.New("unescaped < inside quoted string")
		}
		if b == '&' {
			text, n, ok := entityAt(raw[i+1:])
			if !ok {
				return dst, errors.New("invalid character entity")
			}
			dst = append(dst, text...)
			i += n
			b0, b1 = 0, 0
			continue
		}
		switch {
		case b == '\r':
			dst = append(dst, '\n')
		case b1 == '\r' && b == '\n':
		default:
			dst = append(dst, b)
		}
		b0, b1 = b1, b
	}
	if !validChars(dst) {
		return dst, errors.New("invalid UTF-8 or illegal character in text")
	}
	return dst, nil
}

// entityAt reads the entity reference after an '&' at the start of rest
// (the five predefined entities and character references) and returns its
// text and length including the ';'.
func entityAt(rest []byte) (text string, n int, ok bool) {
	if len(rest) > 0 && rest[0] == '#' {
		i, base := 1, 10
		if len(rest) > 1 && rest[1] == 'x' {
			i, base = 2, 16
		}
		start := i
		for i < len(rest) && (isDigit(rest[i]) || base == 16 && isHexLetter(rest[i])) {
			i++
		}
		if i >= len(rest) || rest[i] != ';' {
			return "", 0, false
		}
		v, err := strconv.ParseUint(string(rest[start:i]), base, 64)
		if err != nil || v > utf8.MaxRune {
			return "", 0, false
		}
		return string(rune(v)), i + 1, true // a surrogate becomes U+FFFD, as in encoding/xml
	}
	for _, e := range [...]struct{ name, text string }{{"lt;", "<"}, {"gt;", ">"}, {"amp;", "&"}, {"apos;", "'"}, {"quot;", `"`}} {
		if bytes.HasPrefix(rest, []byte(e.name)) {
			return e.text, len(e.name), true
		}
	}
	return "", 0, false
}

func isDigit(b byte) bool     { return '0' <= b && b <= '9' }
func isHexLetter(b byte) bool { return 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F' }

// validChars reports whether b is UTF-8 made of characters XML allows
// (encoding/xml's isInCharacterRange).
func validChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += n
	}
	return true
}

// markup reads the markup starting at s.pos ('<'); errNeedMore asks for
// more input, after which it starts again.
func (s *xmlScanner) markup() (tokenKind, error) {
	p := s.pos
	if p+1 >= s.end {
		return 0, errNeedMore
	}
	switch s.buf[p+1] {
	case '/':
		return s.endTag(p)
	case '?':
		return s.procInst(p)
	case '!':
		return s.bang(p)
	}
	return s.startTag(p)
}

// nameAt reads the XML name at buf[i:], as encoding/xml's readName and
// isName do, refusing names with non-ASCII characters. It returns the end
// of the name.
func (s *xmlScanner) nameAt(i int) (int, error) {
	j := i
	for ; j < s.end; j++ {
		b := s.buf[j]
		if b >= utf8.RuneSelf {
			return 0, fmt.Errorf("%w: non-ASCII name", errRefused)
		}
		if !isNameByte(b) {
			break
		}
	}
	if j == s.end {
		return 0, errNeedMore
	}
	if j == i {
		return 0, errors.New("expected a name")
	}
	if b := s.buf[i]; isDigit(b) || b == '-' || b == '.' {
		return 0, fmt.Errorf("invalid XML name: %s", s.buf[i:j])
	}
	return j, nil
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// localOffset returns where the local part of the raw name begins, as
// encoding/xml's nsname splits it, or an error for a name it rejects.
func localOffset(name []byte) (int, error) {
	colon := -1
	for i, b := range name { // names are short: a loop beats bytes.IndexByte
		if b == ':' {
			if colon >= 0 {
				return 0, fmt.Errorf("invalid name %s", name)
			}
			colon = i
		}
	}
	if colon <= 0 || colon == len(name)-1 {
		return 0, nil // no prefix; ":a" and "a:" are local names
	}
	return colon + 1, nil
}

// localName is name's local part.
func localName(name []byte) []byte {
	i, _ := localOffset(name)
	return name[i:]
}

// spaceAt skips white space at buf[i:].
func (s *xmlScanner) spaceAt(i int) (int, error) {
	for ; i < s.end; i++ {
		switch s.buf[i] {
		case ' ', '\r', '\n', '\t':
		default:
			return i, nil
		}
	}
	return 0, errNeedMore
}

// startTag parses <name attr="value" …> or <name …/> at buf[p:].
func (s *xmlScanner) startTag(p int) (tokenKind, error) {
	n1, err := s.nameAt(p + 1)
	if err != nil {
		return 0, err
	}
	loc, err := localOffset(s.buf[p+1 : n1])
	if err != nil {
		return 0, err
	}
	s.abuf = s.abuf[:0]
	s.aoffs = s.aoffs[:0]
	i := n1
	self := false
	for {
		if i, err = s.spaceAt(i); err != nil {
			return 0, err
		}
		b := s.buf[i]
		if b == '/' {
			if i+1 >= s.end {
				return 0, errNeedMore
			}
			if s.buf[i+1] != '>' {
				return 0, errors.New("expected /> in element")
			}
			self, i = true, i+2
			break
		}
		if b == '>' {
			i++
			break
		}
		if i, err = s.attrAt(i); err != nil {
			return 0, err
		}
	}
	// The tag is complete: buf no longer moves under it.
	s.tagStart = p
	s.name = s.buf[p+1 : n1]
	s.local = s.name[loc:]
	s.attrs = s.attrs[:0]
	for _, a := range s.aoffs {
		v := s.buf[a.val0:a.val1]
		if a.decoded {
			v = s.abuf[a.val0:a.val1]
		}
		s.attrs = append(s.attrs, xmlAttr{name: s.buf[a.name0:a.name1], local: s.buf[a.local0:a.name1], value: v})
	}
	s.push(s.name)
	s.pos = i
	s.selfClose = self
	s.kind = tokStart
	return tokStart, nil
}

// attrAt parses name="value" at buf[i:] and returns the offset after it.
func (s *xmlScanner) attrAt(i int) (int, error) {
	n1, err := s.nameAt(i)
	if err != nil {
		return 0, err
	}
	loc, err := localOffset(s.buf[i:n1])
	if err != nil {
		return 0, err
	}
	j, err := s.spaceAt(n1)
	if err != nil {
		return 0, err
	}
	if s.buf[j] != '=' {
		return 0, errors.New("attribute name without = in element")
	}
	if j, err = s.spaceAt(j + 1); err != nil {
		return 0, err
	}
	q := s.buf[j]
	if q != '"' && q != '\'' {
		return 0, errors.New("unquoted or missing attribute value in element")
	}
	k := bytes.IndexByte(s.buf[j+1:s.end], q)
	if k < 0 {
		return 0, errNeedMore
	}
	v0, v1 := j+1, j+1+k
	a := attrOff{name0: i, name1: n1, local0: i + loc, val0: v0, val1: v1}
	raw := s.buf[v0:v1]
	var class uint8
	for _, b := range raw {
		class |= textClass[b]
	}
	switch {
	case class&classIllegal != 0:
		return 0, errors.New("illegal character in attribute value")
	case class == classHigh:
		if !validChars(raw) {
			return 0, errors.New("invalid UTF-8 in attribute value")
		}
	case class != 0:
		at := len(s.abuf)
		out, err := decodeText(s.abuf, raw, true)
		if err != nil {
			return 0, err
		}
		s.abuf = out
		a.val0, a.val1, a.decoded = at, len(out), true
	}
	s.aoffs = append(s.aoffs, a)
	return v1 + 1, nil
}

// endTag parses </name> at buf[p:] and checks it closes the innermost
// open element.
func (s *xmlScanner) endTag(p int) (tokenKind, error) {
	n1, err := s.nameAt(p + 2)
	if err != nil {
		return 0, err
	}
	if _, err := localOffset(s.buf[p+2 : n1]); err != nil {
		return 0, err
	}
	i, err := s.spaceAt(n1)
	if err != nil {
		return 0, err
	}
	if s.buf[i] != '>' {
		return 0, errors.New("invalid characters between </name and >")
	}
	name := s.buf[p+2 : n1]
	if len(s.ends) == 0 {
		return 0, fmt.Errorf("unexpected end element </%s>", name)
	}
	if !bytes.Equal(name, s.names[s.top():]) {
		return 0, fmt.Errorf("element <%s> closed by </%s>", s.names[s.top():], name)
	}
	s.pop()
	s.name, s.local = name, localName(name)
	s.pos = i + 1
	s.kind = tokEnd
	return tokEnd, nil
}

// procInst parses <?target …?> at buf[p:]. An XML declaration must say
// version 1.0, if any, and UTF-8, if any.
func (s *xmlScanner) procInst(p int) (tokenKind, error) {
	n1, err := s.nameAt(p + 2)
	if err != nil {
		return 0, err
	}
	c0, err := s.spaceAt(n1)
	if err != nil {
		return 0, err
	}
	k := bytes.Index(s.buf[c0:s.end], []byte("?>"))
	if k < 0 {
		return 0, errNeedMore
	}
	if string(s.buf[p+2:n1]) == "xml" {
		content := string(s.buf[c0 : c0+k])
		if v := procInstParam("version", content); v != "" && v != "1.0" {
			return 0, fmt.Errorf("unsupported XML version %q", v)
		}
		if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return 0, fmt.Errorf("%w: encoding %q", errRefused, enc)
		}
	}
	s.pos = c0 + k + 2
	s.kind = tokOther
	return tokOther, nil
}

// procInstParam is encoding/xml's procInst: the value of param in the
// content of a processing instruction.
func procInstParam(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// bang parses a comment or a CDATA section at buf[p:] ("<!"). Directives
// such as DOCTYPE are refused.
func (s *xmlScanner) bang(p int) (tokenKind, error) {
	if p+3 >= s.end {
		return 0, errNeedMore
	}
	switch {
	case s.buf[p+2] == '-':
		if s.buf[p+3] != '-' {
			return 0, errors.New("invalid sequence <!- not part of <!--")
		}
		k := bytes.Index(s.buf[p+4:s.end], []byte("--"))
		if k < 0 || p+4+k+2 >= s.end {
			return 0, errNeedMore
		}
		if s.buf[p+4+k+2] != '>' {
			return 0, errors.New(`invalid sequence "--" not allowed in comments`)
		}
		s.pos = p + 4 + k + 3
		s.kind = tokOther
		return tokOther, nil
	case s.buf[p+2] == '[':
		const open = "<![CDATA["
		for i := 3; i < len(open); i++ {
			if p+i >= s.end {
				return 0, errNeedMore
			}
			if s.buf[p+i] != open[i] {
				return 0, errors.New("invalid <![ sequence")
			}
		}
		c0 := p + len(open)
		k := bytes.Index(s.buf[c0:s.end], []byte("]]>"))
		if k < 0 {
			return 0, errNeedMore
		}
		text, err := decodeCDATA(s.tbuf[:0], s.buf[c0:c0+k])
		s.tbuf = text
		if err != nil {
			return 0, err
		}
		s.pos = c0 + k + 3
		s.kind, s.text = tokText, text
		return tokText, nil
	}
	return 0, fmt.Errorf("%w: directive", errRefused)
}

// decodeCDATA appends the content of a CDATA section to dst, line ends
// read as encoding/xml reads them, and checks its characters.
func decodeCDATA(dst, raw []byte) ([]byte, error) {
	var b1 byte
	for _, b := range raw {
		switch {
		case b == '\r':
			dst = append(dst, '\n')
		case b1 == '\r' && b == '\n':
		default:
			dst = append(dst, b)
		}
		b1 = b
	}
	if !validChars(dst) {
		return dst, errors.New("invalid UTF-8 or illegal character in CDATA section")
	}
	return dst, nil
}

// skip reads to the end of the element whose start tag is the current
// token.
func (s *xmlScanner) skip() bool {
	d := s.depth()
	for s.depth() >= d {
		switch s.next() {
		case tokError:
			return false
		case tokEOF:
			s.failf("unexpected EOF")
			return false
		}
	}
	return true
}

// attr returns the value of the current start tag's last attribute whose
// local name is local.
func (s *xmlScanner) attr(local string) ([]byte, bool) {
	for i := len(s.attrs) - 1; i >= 0; i-- {
		if string(s.attrs[i].local) == local {
			return s.attrs[i].value, true
		}
	}
	return nil, false
}
