package textenc

import (
	"errors"

	"golang.org/x/text/transform"
)

// asciiRuns wraps a GB18030 decoder: runs of ASCII at character boundaries
// are copied as they are (ASCII is itself in GB18030), and only the bytes in
// between go through the decoder. The output is byte for byte that of the
// decoder alone (FuzzASCIIRuns checks it); ledgers are mostly ASCII
// (codes, dates, amounts), so this more than doubles the speed.
type asciiRuns struct {
	dec transform.Transformer
}

func (a asciiRuns) Reset() { a.dec.Reset() }

func (a asciiRuns) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		// Here the decoder is at a character boundary.
		k := asciiPrefix(src[nSrc:])
		if k > len(dst)-nDst {
			k = len(dst) - nDst
			copy(dst[nDst:], src[nSrc:nSrc+k])
			return nDst + k, nSrc + k, transform.ErrShortDst
		}
		copy(dst[nDst:], src[nSrc:nSrc+k])
		nDst, nSrc = nDst+k, nSrc+k
		if nSrc == len(src) {
			break
		}
		end := gbRunEnd(src, nSrc)
		d, s, err := a.dec.Transform(dst[nDst:], src[nSrc:end], atEOF && end == len(src))
		nDst, nSrc = nDst+d, nSrc+s
		switch {
		case err == nil:
		case errors.Is(err, transform.ErrShortSrc) && end < len(src):
			// The decoder reads the run differently (an invalid or unmapped
			// sequence): let it carry on over the rest, as it would alone.
			d, s, err := a.dec.Transform(dst[nDst:], src[nSrc:], atEOF)
			return nDst + d, nSrc + s, err
		default:
			return nDst, nSrc, err
		}
	}
	return nDst, nSrc, nil
}

// minASCIIRun is the shortest run of ASCII worth copying past the decoder;
// shorter ones (the commas between Chinese fields) cost more in calls than
// they save.
const minASCIIRun = 32

// gbRunEnd returns the end of the run starting at i that goes to the
// decoder: up to the next run of at least minASCIIRun ASCII bytes at a
// character boundary (or len(src)), reading two- and four-byte characters by
// the GB18030 grammar.
func gbRunEnd(src []byte, i int) int {
	for i < len(src) {
		switch b := src[i]; {
		case b < 0x80:
			k := asciiPrefix(src[i:min(i+minASCIIRun, len(src))])
			if k == minASCIIRun || i+k == len(src) {
				return i
			}
			i += k
		case b == 0x80 || b == 0xFF:
			i++
		case i+1 < len(src) && src[i+1] >= 0x30 && src[i+1] <= 0x39:
			i += 4
		default:
			i += 2
		}
	}
	return min(i, len(src))
}
