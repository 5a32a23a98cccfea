package textenc

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// detectWhole runs the checkers on b in one piece.
func detectWhole(b []byte) (u *utf8Checker, g *gbChecker) {
	u, g = newUTF8Checker(), newGBChecker(true)
	u.write(b)
	g.write(b)
	u.close()
	g.close()
	return u, g
}

// FuzzDetect checks that Detect never panics, never calls valid UTF-8
// GB18030, agrees with utf8.Valid, and that the streaming checkers give the
// same verdict and offsets whatever the chunk boundaries. Seeds:
// testdata/fuzz/FuzzDetect.
func FuzzDetect(f *testing.F) {
	f.Add([]byte("unit_id,name\nU1,城关镇\n"), uint8(3))
	f.Add(append([]byte("abc,"), 0xD6, 0xD0, 0xCE, 0xC4), uint8(1))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 'a'}, uint8(2))
	f.Add([]byte{0x81, 0x30, 0x81, 0x30, 0xE4, 0xB8}, uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, step uint8) {
		enc, err := Detect(bytes.NewReader(data))
		valid := utf8.Valid(data)
		switch {
		case valid && err != nil:
			t.Fatalf("valid UTF-8 gave %v", err)
		case valid && enc == GB18030:
			t.Fatal("valid UTF-8 called GB18030")
		case !valid && err == nil && enc != GB18030:
			t.Fatalf("invalid UTF-8 called %v", enc)
		case err != nil && !errors.Is(err, ErrUndecodable):
			t.Fatalf("error %v does not wrap ErrUndecodable", err)
		}
		// Stream in chunks of step bytes: same verdicts and offsets.
		wu, wg := detectWhole(data)
		u, g := newUTF8Checker(), newGBChecker(true)
		n := int(step)%7 + 1
		for i := 0; i < len(data); i += n {
			chunk := data[i:min(i+n, len(data))]
			feed(chunk, u, g)
		}
		u.close()
		g.close()
		if u.ok() != valid || u.ok() != wu.ok() || u.badAt() != wu.badAt() {
			t.Fatalf("utf-8 in chunks of %d: ok %v at %d; whole: ok %v at %d; utf8.Valid %v", n, u.ok(), u.badAt(), wu.ok(), wu.badAt(), valid)
		}
		if g.ok() != wg.ok() || g.badAt() != wg.badAt() {
			t.Fatalf("gb18030 in chunks of %d: ok %v at %d; whole: ok %v at %d", n, g.ok(), g.badAt(), wg.ok(), wg.badAt())
		}
		if !valid && wu.badAt() != int64(firstInvalidUTF8(data)) {
			t.Fatalf("utf-8 bad at %d, first invalid sequence at %d", wu.badAt(), firstInvalidUTF8(data))
		}
	})
}

// FuzzASCIIRuns checks that the ASCII fast path decodes any input exactly as
// x/text's GB18030 decoder does, whatever the buffer sizes.
func FuzzASCIIRuns(f *testing.F) {
	f.Add([]byte("U1,城关镇,12.5\n"), uint8(3), uint8(7))
	f.Add([]byte{'a', 0x81, 0x30, 0x81, 0x30, 'b', 0x84, 0x31, 0xA4, 0x39, 0xFE, 0x39, 0xFE, 0x39, 'c', 0x81}, uint8(2), uint8(5))
	f.Add([]byte{0x81, 0x20, 0x80, 0xFF, 0xAA, 0xA1, 0x41}, uint8(1), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, srcStep, dstSize uint8) {
		want, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(transform.NewReader(
			iotest.OneByteReader(bytes.NewReader(data)), asciiRuns{simplifiedchinese.GB18030.NewDecoder()}))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("one byte at a time: %q, %v; x/text %q", got, err, want)
		}
		// Direct calls with small buffers.
		a := asciiRuns{simplifiedchinese.GB18030.NewDecoder()}
		dst := make([]byte, int(dstSize)%16+4)
		var out []byte
		step := int(srcStep)%9 + 1
		src, pending := data, []byte(nil)
		for len(src) > 0 || len(pending) > 0 {
			n := min(step, len(src))
			pending = append(pending, src[:n]...)
			src = src[n:]
			eof := len(src) == 0
			for {
				nd, ns, err := a.Transform(dst, pending, eof)
				out = append(out, dst[:nd]...)
				pending = pending[ns:]
				if err == transform.ErrShortDst {
					continue
				}
				if err != nil && err != transform.ErrShortSrc {
					t.Fatal(err)
				}
				break
			}
			if eof && len(pending) > 0 {
				t.Fatalf("%d bytes left at EOF", len(pending))
			}
		}
		if !bytes.Equal(out, want) {
			t.Fatalf("in steps of %d into %d bytes: %q; x/text %q", step, len(dst), out, want)
		}
	})
}
