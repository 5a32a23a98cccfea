package textenc

import (
	"sync"

	"encoding/binary"
	"golang.org/x/text/encoding/simplifiedchinese"
	"unicode/utf8"
)

// asciiPrefix returns the length of the leading run of ASCII bytes of b,
// reading 32 bytes per step.
func asciiPrefix(b []byte) int {
	const hi = 0x8080808080808080
	i := 0
	for ; len(b)-i >= 32; i += 32 {
		c := b[i : i+32 : i+32]
		w := binary.LittleEndian.Uint64(c[0:]) | binary.LittleEndian.Uint64(c[8:]) |
			binary.LittleEndian.Uint64(c[16:]) | binary.LittleEndian.Uint64(c[24:])
		if w&hi != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			break
		}
	}
	return i
}

// utf8Checker checks UTF-8 validity as defined by unicode/utf8 (no
// surrogates, no overlong forms, nothing above U+10FFFF). The bytes of a
// character split across chunks are carried to the next chunk.
type utf8Checker struct {
	pos   int64 // offset of the next byte to be written
	carry [utf8.UTFMax]byte
	nc    int   // bytes in carry
	bad   int64 // -1 while valid
}

func newUTF8Checker() *utf8Checker { return &utf8Checker{bad: -1} }

func (c *utf8Checker) ok() bool      { return c.bad < 0 }
func (c *utf8Checker) idle() bool    { return c.nc == 0 }
func (c *utf8Checker) badAt() int64  { return c.bad }
func (c *utf8Checker) advance(n int) { c.pos += int64(n) }

// seqLen is the length of the UTF-8 sequence started by lead byte b, or 1
// for a byte that cannot start a multi-byte sequence.
func seqLen(b byte) int {
	switch {
	case b >= 0xC2 && b <= 0xDF:
		return 2
	case b >= 0xE0 && b <= 0xEF:
		return 3
	case b >= 0xF0 && b <= 0xF4:
		return 4
	}
	return 1
}

func (c *utf8Checker) write(p []byte) {
	if c.bad >= 0 {
		return
	}
	start := c.pos
	c.pos += int64(len(p))
	if c.nc > 0 { // finish the carried character
		need := seqLen(c.carry[0])
		k := copy(c.carry[c.nc:need], p)
		c.nc += k
		if c.nc < need {
			return
		}
		carried := start - int64(c.nc-k)
		if !utf8.FullRune(c.carry[:need]) || !utf8.Valid(c.carry[:need]) {
			c.bad = carried
			return
		}
		c.nc = 0
		p, start = p[k:], start+int64(k)
	}
	// Keep an unfinished character at the end for the next chunk.
	cut := len(p)
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax+1; i-- {
		if b := p[i]; b < 0x80 || b >= 0xC0 {
			if n := seqLen(b); n > 1 && len(p)-i < n {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(p[:cut]) {
		c.bad = start + int64(firstInvalidUTF8(p[:cut]))
		return
	}
	c.nc = copy(c.carry[:], p[cut:])
}

func (c *utf8Checker) close() {
	if c.bad < 0 && c.nc > 0 {
		c.bad = c.pos - int64(c.nc)
	}
}

// firstInvalidUTF8 returns the offset of the first invalid sequence in b.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		i += asciiPrefix(b[i:])
		if i == len(b) {
			break
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// gbChecker checks the GB18030 byte grammar:
//
//	one byte   00–80 (80 is € in code page 936)
//	two bytes  81–FE, then 40–7E or 80–FE
//	four bytes 81–FE, 30–39, 81–FE, 30–39
//
// A strict checker also requires each code to be one that
// golang.org/x/text's GB18030 decoder maps to a character rather than to
// U+FFFD. That rules out the user-defined areas (AAA1–AFFE, F8A1–FEFE,
// A140–A7A0), which x/text does not map, and it is what tells mojibake apart:
// UTF-8 Chinese read as GBK soon hits one of them.
type gbChecker struct {
	strict bool
	pos    int64 // offset of the next byte to be written
	state  uint8 // bytes seen of the current character: 0 at a boundary
	begin  int64 // offset of the current character
	lead   byte  // first bytes of the current character (strict only)
	second byte
	third  byte
	bad    int64 // -1 while valid
}

func newGBChecker(strict bool) *gbChecker { return &gbChecker{strict: strict, bad: -1} }

func (c *gbChecker) ok() bool      { return c.bad < 0 }
func (c *gbChecker) idle() bool    { return c.state == 0 }
func (c *gbChecker) badAt() int64  { return c.bad }
func (c *gbChecker) advance(n int) { c.pos += int64(n) }

func (c *gbChecker) write(p []byte) {
	if c.bad >= 0 {
		return
	}
	state := c.state
	for i := 0; i < len(p); i++ {
		b := p[i]
		switch state {
		case 0:
			if b < 0x80 {
				i += asciiPrefix(p[i+1:])
				continue
			}
			switch {
			case b == 0x80:
				continue
			case b == 0xFF:
				c.bad = c.pos + int64(i)
				return
			}
			c.begin, c.lead, state = c.pos+int64(i), b, 1
		case 1:
			switch {
			case b >= 0x30 && b <= 0x39:
				c.second, state = b, 2
			case b >= 0x40 && b != 0x7F && b != 0xFF && (!c.strict || assigned2(c.lead, b)):
				state = 0
			default:
				c.bad = c.begin
				return
			}
		case 2:
			if b < 0x81 || b == 0xFF {
				c.bad = c.begin
				return
			}
			c.third, state = b, 3
		case 3:
			if b < 0x30 || b > 0x39 || (c.strict && !assigned4(c.lead, c.second, c.third, b)) {
				c.bad = c.begin
				return
			}
			state = 0
		}
	}
	c.state = state
	c.pos += int64(len(p))
}

func (c *gbChecker) close() {
	if c.bad < 0 && c.state != 0 {
		c.bad = c.begin
	}
}

// assigned2 reports whether x/text's GB18030 decoder maps the two-byte code
// lead, trail (already known to be well formed) to a character.
func assigned2(lead, trail byte) bool {
	return gbAssigned()[gbIndex(lead, trail)]
}

func gbIndex(lead, trail byte) int { return int(lead-0x81)*191 + int(trail-0x40) }

// gbAssigned is the table behind assigned2, built once by decoding every
// two-byte code with x/text, so that it matches the decoder exactly.
var gbAssigned = sync.OnceValue(func() []bool {
	t := make([]bool, gbIndex(0xFE, 0xFE)+1)
	dec := simplifiedchinese.GB18030.NewDecoder()
	var dst [utf8.UTFMax]byte
	for lead := 0x81; lead <= 0xFE; lead++ {
		for trail := 0x40; trail <= 0xFE; trail++ {
			if trail == 0x7F {
				continue
			}
			nd, _, err := dec.Transform(dst[:], []byte{byte(lead), byte(trail)}, true)
			r, _ := utf8.DecodeRune(dst[:nd])
			t[gbIndex(byte(lead), byte(trail))] = err == nil && r != utf8.RuneError
		}
	}
	return t
})

// assigned4 reports whether x/text maps a well-formed four-byte code: its
// linear index must fall in the BMP part (below 39420) or in the range
// 189000 + 0x10000..0x10FFFF of the supplementary planes.
func assigned4(b1, b2, b3, b4 byte) bool {
	r := ((int(b1-0x81)*10+int(b2-0x30))*126+int(b3-0x81))*10 + int(b4-0x30)
	return r < 39420 || (r >= 189000 && r < 189000+0x100000)
}
