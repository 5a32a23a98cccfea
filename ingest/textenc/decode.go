package textenc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// NewDecoder returns a reader of UTF-8 text from r, which is in encoding enc,
// without a leading byte-order mark (for UTF-8 and GB18030 alike, so a
// mislabelled file loses its mark too). GB18030 is decoded with
// golang.org/x/text/encoding/simplifiedchinese.GB18030; bytes that are not
// GB18030, and the few unassigned or user-defined codes, become U+FFFD.
// NewDecoder does not validate; TranscodeFile does.
func NewDecoder(r io.Reader, enc Encoding) io.Reader {
	switch enc {
	case UTF8, UTF8BOM:
	case GB18030:
		r = transform.NewReader(r, asciiRuns{simplifiedchinese.GB18030.NewDecoder()})
	default:
		return errReader{fmt.Errorf("textenc: %v: %w", enc, ErrUnknownEncoding)}
	}
	return &bomSkipper{r: r}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// bomSkipper drops a UTF-8 byte-order mark at the start of a stream.
type bomSkipper struct {
	r    io.Reader
	head []byte // bytes read ahead while looking for the mark
	done bool
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if !b.done {
		b.done = true
		var buf [3]byte
		n, err := io.ReadFull(b.r, buf[:])
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return 0, err
		}
		if n == 3 && buf == [3]byte{0xEF, 0xBB, 0xBF} {
			n = 0
		}
		b.head = append([]byte(nil), buf[:n]...)
	}
	if len(b.head) > 0 {
		n := copy(p, b.head)
		b.head = b.head[n:]
		return n, nil
	}
	return b.r.Read(p)
}

// TranscodeFile writes the text of the file src, in encoding enc, to the file
// dst as UTF-8 without a byte-order mark, and returns the number of bytes
// written. It streams in 1 MiB chunks, so memory use does not grow with the
// file. It also checks the input: bytes that are not well formed in enc stop
// it with an error wrapping ErrUndecodable that gives their offset. (Well
// formed GB18030 codes that x/text does not map, such as GBK's user-defined
// areas, become U+FFFD; Detect is stricter and rejects them.) dst is
// created or truncated, and removed if TranscodeFile fails.
//
// The ingest uses Transcode instead, numbering the records of the UTF-8
// text on their way to the temporary file that DuckDB's read_csv reads.
func TranscodeFile(src, dst string, enc Encoding) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return 0, err
	}
	n, err := transcode(out, in, enc)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return n, fmt.Errorf("transcode %s from %v: %w", src, enc, err)
	}
	return n, nil
}

// Transcode copies r, in encoding enc, to w as UTF-8 without a byte-order
// mark, checking the input as TranscodeFile does, and returns the number of
// bytes written.
func Transcode(w io.Writer, r io.Reader, enc Encoding) (int64, error) { return transcode(w, r, enc) }

// transcode copies r in encoding enc to w as UTF-8 without a byte-order
// mark, checking the input as Detect does.
func transcode(w io.Writer, r io.Reader, enc Encoding) (int64, error) {
	var t transform.Transformer
	var check interface {
		write([]byte)
		close()
		ok() bool
		badAt() int64
	}
	switch enc {
	case UTF8, UTF8BOM:
		t, check = transform.Nop, newUTF8Checker()
	case GB18030:
		t, check = asciiRuns{simplifiedchinese.GB18030.NewDecoder()}, newGBChecker(false)
	default:
		return 0, fmt.Errorf("%v: %w", enc, ErrUnknownEncoding)
	}
	bw := bufio.NewWriterSize(w, chunkSize)
	src := make([]byte, chunkSize)
	// One GB18030 byte (0x80, €) can become three UTF-8 bytes.
	dst := make([]byte, 3*chunkSize)
	var written int64
	nsrc, first := 0, true // bytes pending in src; whether this is the first chunk
	for eof := false; !eof; {
		n, err := io.ReadFull(r, src[nsrc:])
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			eof = true
		case err != nil:
			return written, err
		}
		check.write(src[nsrc : nsrc+n])
		if eof {
			check.close()
		}
		if !check.ok() {
			return written, fmt.Errorf("%w: invalid %v at byte %d", ErrUndecodable, enc, check.badAt())
		}
		nsrc += n
		in := src[:nsrc]
		if first {
			first = false
			in = skipBOM(in, enc)
		}
		nd, ns, err := t.Transform(dst, in, eof)
		if err != nil && !errors.Is(err, transform.ErrShortSrc) {
			return written, err
		}
		m, err := bw.Write(dst[:nd])
		written += int64(m)
		if err != nil {
			return written, err
		}
		nsrc = copy(src, in[ns:])
	}
	return written, bw.Flush()
}

// bomGB18030 is U+FEFF in GB18030.
var bomGB18030 = []byte{0x84, 0x31, 0x95, 0x33}

// skipBOM drops the byte-order mark of enc (EF BB BF for UTF-8, 84 31 95 33
// for GB18030) from the start of b, as NewDecoder does after decoding.
func skipBOM(b []byte, enc Encoding) []byte {
	switch {
	case bytes.HasPrefix(b, bomUTF8) && enc != GB18030:
		return b[len(bomUTF8):]
	case bytes.HasPrefix(b, bomGB18030) && enc == GB18030:
		return b[len(bomGB18030):]
	}
	return b
}
