package docx

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// validXML reports whether r may appear in an XML 1.0 document (XML 1.0
// §2.2 Char).
func validXML(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false // surrogates
	case r <= 0xFFFD:
		return true
	default:
		return r >= 0x10000 && r <= 0x10FFFF
	}
}

// clean drops what XML 1.0 does not allow from s: invalid UTF-8 and the
// characters validXML refuses.
func clean(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return !validXML(r) }) < 0 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if validXML(r) && !(r == utf8.RuneError && isInvalidAt(s, i)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isInvalidAt reports whether the rune decoded at s[i] is an encoding error
// rather than a real U+FFFD.
func isInvalidAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 1
}

// escape cleans s and escapes it for an XML attribute value or text.
func escape(s string) string {
	s = clean(s)
	if !strings.ContainsAny(s, `<>&"'`+"\t\n\r") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeText writes s as the content of a run: text in w:t elements, a tab
// as w:tab and a line feed (or CR LF, or a lone CR) as w:br.
func writeText(b *bytes.Buffer, s string) {
	s = strings.ReplaceAll(clean(s), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	for s != "" {
		i := strings.IndexAny(s, "\t\n")
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			b.WriteString(`<w:t xml:space="preserve">`)
			b.WriteString(escape(s[:i]))
			b.WriteString(`</w:t>`)
		}
		if i == len(s) {
			break
		}
		if s[i] == '\t' {
			b.WriteString(`<w:tab/>`)
		} else {
			b.WriteString(`<w:br/>`)
		}
		s = s[i+1:]
	}
}
