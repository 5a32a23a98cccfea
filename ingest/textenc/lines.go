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
// character). A line that is both UTF-8 and GB18030 is UTF-8, as Detect
// prefers it for a whole file: Chinese text in GBK is rarely valid UTF-8.
func ClassifyLine(b []byte) LineClass {
	i := asciiPrefix(b)
	if i == len(b) {
		return ASCIILine
	}
	if utf8.Valid(b[i:]) {
		return UTF8Line
	}
	if ValidGB18030(b[i:]) {
		return GB18030Line
	}
	return UndecodableLine
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
