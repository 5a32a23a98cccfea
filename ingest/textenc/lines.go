package textenc

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// LineClass is how one line of a file reads: a file whose encoding
// changes part way (two exports pasted together, a row typed in another
// program) is told apart line by line.
type LineClass uint8

// The classes of a line.
const (
	ASCIILine       LineClass = iota // ASCII only: the same in every encoding here
	UTF8Line                         // valid UTF-8 with at least one multi-byte character
	GB18030Line                      // not UTF-8, but GB18030 as Detect reads it (strictly)
	UndecodableLine                  // neither
)

// ClassifyLine classifies a line (or any text that does not cut a
// character). A line valid in both encodings is UTF-8 if it reads as
// Chinese in UTF-8 (every character beyond ASCII a CJK ideograph, CJK
// punctuation or a full-width form), GB18030 otherwise: a short line of
// GBK is often valid UTF-8 by chance, but then reads as Greek, Hangul or
// symbols (石伟, CA AF CE B0, reads as "ʯΰ").
func ClassifyLine(b []byte) LineClass {
	i := asciiPrefix(b)
	if i == len(b) {
		return ASCIILine
	}
	b = b[i:]
	switch {
	case utf8.Valid(b):
		if chineseUTF8(b) || !ValidGB18030(b) {
			return UTF8Line
		}
		return GB18030Line
	case ValidGB18030(b):
		return GB18030Line
	}
	return UndecodableLine
}

// chineseUTF8 reports whether every character of valid UTF-8 b beyond
// ASCII is one Chinese text is written in: CJK ideographs, CJK and general
// punctuation, full-width forms, the middle dot of minority names.
func chineseUTF8(b []byte) bool {
	for _, r := range string(b) {
		switch {
		case r < 0x80, r == 0xB7,
			r >= 0x2000 && r <= 0x206F, r >= 0x3000 && r <= 0x303F,
			r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xFF00 && r <= 0xFFEF:
		default:
			return false
		}
	}
	return true
}

// ValidGB18030 reports whether b is GB18030 as Detect reads it strictly:
// well formed, and every code mapped to a character.
func ValidGB18030(b []byte) bool {
	c := newGBChecker(true)
	c.write(b)
	c.close()
	return c.ok()
}

// DecodeGB18030 appends the UTF-8 text of src, GB18030 that ends at a
// character boundary (a line end: no GB18030 character holds a byte below
// 0x30), to dst and returns it. Bytes that are not GB18030 become U+FFFD,
// as NewDecoder makes them.
func DecodeGB18030(dst, src []byte) []byte {
	t := asciiRuns{simplifiedchinese.GB18030.NewDecoder()}
	for len(src) > 0 {
		if cap(dst)-len(dst) < 3*len(src)+utf8.UTFMax {
			grown := make([]byte, len(dst), len(dst)+3*len(src)+utf8.UTFMax)
			copy(grown, dst)
			dst = grown
		}
		nd, ns, err := t.Transform(dst[len(dst):cap(dst)], src, true)
		dst = dst[:len(dst)+nd]
		src = src[ns:]
		if err != nil && ns == 0 && nd == 0 {
			// Cannot happen with room for every byte to triple; keep
			// the bytes' count rather than loop.
			dst = append(dst, "\uFFFD"...)
			src = src[1:]
		}
	}
	return dst
}
