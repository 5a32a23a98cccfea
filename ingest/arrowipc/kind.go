package arrowipc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// Format is the encoding of a file as far as Arrow IPC is concerned.
type Format int

// The formats Kind tells apart.
const (
	// NotArrow is any file that is not Arrow IPC (CSV, Parquet, …).
	NotArrow Format = iota
	// File is the Arrow IPC file format (Feather version 2): magic "ARROW1"
	// at the start and at the end, a footer indexing the record batches.
	File
	// Stream is the Arrow IPC streaming format: a schema message, record
	// batches, an end-of-stream marker.
	Stream
)

// String returns "not arrow", "arrow file" or "arrow stream".
func (f Format) String() string {
	switch f {
	case File:
		return "arrow file"
	case Stream:
		return "arrow stream"
	case NotArrow:
		return "not arrow"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

var (
	fileMagic    = []byte("ARROW1")
	feather1     = []byte("FEA1")
	continuation = uint32(0xFFFFFFFF)
)

// smallestFile is the size of an IPC file with an empty footer: magic and
// padding (8), footer length (4), magic (6).
const smallestFile = 8 + 4 + 6

// Kind reports whether path is an Arrow IPC file (magic "ARROW1" at start
// and end), an Arrow IPC stream (a readable schema message first), or
// neither. It reads the first bytes, the last bytes and, for a stream, the
// schema message; it does not read the record batches.
//
// A file that starts like Arrow IPC but cannot be read as such gives
// NotArrow and an error: ErrTruncated for an IPC file without its closing
// magic or a stream cut inside its schema, ErrCorrupt for an unreadable
// schema. Feather version 1 files give NotArrow and an error wrapping
// ErrNotArrow that says so. Any other file gives NotArrow and no error.
// Every error is an *Error naming path.
func Kind(path string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return NotArrow, &Error{Op: "kind", Path: path, Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return NotArrow, &Error{Op: "kind", Path: path, Err: err}
	}
	if !st.Mode().IsRegular() {
		return NotArrow, &Error{Op: "kind", Path: path, Err: errors.New("not a regular file")}
	}
	format, err := sniff(f, st.Size())
	if err != nil {
		return NotArrow, &Error{Op: "kind", Path: path, Err: err}
	}
	return format, nil
}

// sniff classifies the size bytes of r; see Kind.
func sniff(r io.ReaderAt, size int64) (Format, error) {
	head := make([]byte, 8)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return NotArrow, err
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, fileMagic):
		tail := make([]byte, len(fileMagic))
		if size >= smallestFile {
			if _, err := r.ReadAt(tail, size-int64(len(tail))); err != nil {
				return NotArrow, err
			}
		}
		if size < smallestFile || !bytes.Equal(tail, fileMagic) {
			return NotArrow, fmt.Errorf("%w: starts as an Arrow IPC file but has no closing magic %q", ErrTruncated, fileMagic)
		}
		return File, nil
	case bytes.HasPrefix(head, feather1):
		return NotArrow, fmt.Errorf("%w: Feather version 1 file (save it again as Feather version 2 or Arrow IPC)", ErrNotArrow)
	case len(head) >= 4 && binary.LittleEndian.Uint32(head) == continuation:
		if err := streamSchema(r, size); err != nil {
			return NotArrow, err
		}
		return Stream, nil
	case len(head) >= 4 && plausibleLegacyLength(head, size):
		// Streams written before Arrow 0.15 have no continuation marker:
		// they start with the length of the schema message. Only a schema
		// that reads tells them apart from other binary files.
		if streamSchema(r, size) != nil {
			return NotArrow, nil
		}
		return Stream, nil
	}
	return NotArrow, nil
}

// plausibleLegacyLength reports whether head starts with a metadata length
// that fits in a file of size bytes.
func plausibleLegacyLength(head []byte, size int64) bool {
	n := int32(binary.LittleEndian.Uint32(head))
	return n >= 8 && int64(n) <= size-4
}

// streamSchema reads the schema message at the start of r.
func streamSchema(r io.ReaderAt, size int64) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: schema: %v", ErrCorrupt, p)
		}
	}()
	lim := newLimitAllocator(nil, max(minAllocLimit, 2*size))
	mr := newMessageReader(io.NewSectionReader(r, 0, size), lim, size)
	rd, err := ipc.NewReaderFromMessageReader(mr, readerOptions(size, lim)...)
	if err != nil {
		return classify("schema", err)
	}
	rd.Release()
	return nil
}

// classify wraps a reader error as ErrTruncated when the data ended early
// and as ErrCorrupt otherwise.
func classify(what string, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: %s: %w", ErrTruncated, what, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrCorrupt, what, err)
}
