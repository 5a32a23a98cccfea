package textenc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// ErrUndecodable is returned when a file is neither valid UTF-8 nor valid
// GB18030, or not valid in the encoding it is read with.
var ErrUndecodable = errors.New("undecodable text")

// chunkSize is the read size of Detect and TranscodeFile: large enough that
// per-call costs vanish, small enough to stay in the L2/L3 cache.
const chunkSize = 1 << 20

// chunkPool holds the read buffers of Detect.
var chunkPool = sync.Pool{New: func() any { b := make([]byte, chunkSize); return &b }}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// HasUTF8BOM reports whether b starts with the UTF-8 byte-order mark.
func HasUTF8BOM(b []byte) bool { return bytes.HasPrefix(b, bomUTF8) }

// Detect reads r to the end and returns its encoding:
//
//   - UTF8BOM if it starts with EF BB BF and is valid UTF-8;
//   - UTF8 if it is valid UTF-8 (an empty or pure ASCII input is UTF8);
//   - GB18030 if it is not valid UTF-8 but is valid GB18030 (which GB2312
//     and GBK text is): well formed, and every code one that the x/text
//     decoder maps to a character. The user-defined areas of GBK are not
//     mapped, so a file using them is undecodable here; read it with an
//     explicit encoding (TranscodeFile) to get U+FFFD in their place. This
//     strictness is what catches mixed files, whose UTF-8 part is well formed
//     GBK mojibake but soon hits an unmapped code;
//   - otherwise an error wrapping ErrUndecodable that gives the byte offset
//     where each reading first failed (and a hint for UTF-16 files).
//
// It reads in 1 MiB chunks and stops early once both readings have failed.
// Errors from r are returned as they are.
func Detect(r io.Reader) (Encoding, error) {
	bp := chunkPool.Get().(*[]byte)
	defer chunkPool.Put(bp)
	buf := *bp
	u, g := newUTF8Checker(), newGBChecker(true)
	var head []byte // the first bytes, for byte-order marks
	for {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			if len(head) < 3 {
				head = append(head, buf[:min(n, 3-len(head))]...)
			}
			feed(buf[:n], u, g)
			if !u.ok() && (!g.ok() || bytes.HasPrefix(head, bomUTF8)) {
				return 0, undecodable(head, u, g)
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	u.close()
	g.close()
	switch {
	case u.ok() && bytes.HasPrefix(head, bomUTF8):
		return UTF8BOM, nil
	case u.ok():
		return UTF8, nil
	case g.ok() && !bytes.HasPrefix(head, bomUTF8):
		return GB18030, nil
	}
	return 0, undecodable(head, u, g)
}

// feed passes a chunk to both checkers, skipping the work for a chunk of
// pure ASCII when neither is inside a character.
func feed(p []byte, u *utf8Checker, g *gbChecker) {
	if u.idle() && g.idle() && asciiPrefix(p) == len(p) {
		u.advance(len(p))
		g.advance(len(p))
		return
	}
	u.write(p)
	g.write(p)
}

// undecodable builds the error of Detect.
func undecodable(head []byte, u *utf8Checker, g *gbChecker) error {
	switch {
	case bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE):
		return fmt.Errorf("%w: UTF-16 byte-order mark; save the file as UTF-8 or GBK", ErrUndecodable)
	case bytes.HasPrefix(head, bomUTF8):
		return fmt.Errorf("%w: UTF-8 byte-order mark but invalid UTF-8 at byte %d", ErrUndecodable, u.badAt())
	}
	return fmt.Errorf("%w: invalid UTF-8 at byte %d and invalid GB18030 at byte %d",
		ErrUndecodable, u.badAt(), g.badAt())
}

// DetectFile opens the file at path and runs Detect on all of it.
func DetectFile(path string) (Encoding, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	enc, err := Detect(f)
	if err != nil {
		return 0, fmt.Errorf("detect encoding of %s: %w", path, err)
	}
	return enc, nil
}
