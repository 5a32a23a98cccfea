package arrowipc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// input yields the record batches of an IPC file or stream, one at a time.
type input interface {
	schema() *arrow.Schema
	// next returns the next record batch, which the caller releases, or
	// io.EOF after the last one.
	next() (arrow.RecordBatch, error)
	close()
}

// open opens path as an Arrow IPC file or stream.
func open(path string, mem memory.Allocator) (in input, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			in, err = nil, fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
		if err != nil {
			f.Close()
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	size := st.Size()
	format, err := sniff(f, size)
	if err != nil {
		return nil, err
	}
	lim := newLimitAllocator(mem, max(minAllocLimit, 2*size))
	opts := readerOptions(size, lim)
	switch format {
	case File:
		dicts, batches, err := readFooter(f, size)
		if err != nil {
			return nil, err
		}
		for i, b := range dicts {
			if err := verifyBlock(f, size, b); err != nil {
				return nil, fmt.Errorf("dictionary %d: %w", i, err)
			}
		}
		r, err := ipc.NewFileReader(f, opts...)
		if err != nil {
			return nil, classify("footer", err)
		}
		if r.NumRecords() != len(batches) {
			r.Close()
			return nil, fmt.Errorf("%w: footer lists %d record batches, arrow-go reads %d", ErrCorrupt, len(batches), r.NumRecords())
		}
		return &fileInput{f: f, r: r, size: size, blocks: batches}, nil
	case Stream:
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		mr := newMessageReader(f, lim, size)
		r, err := ipc.NewReaderFromMessageReader(mr, opts...)
		if err != nil {
			return nil, classify("schema", err)
		}
		return &streamInput{f: f, mr: mr, r: r}, nil
	}
	return nil, ErrNotArrow
}

// readerOptions bounds what the readers accept by the size of the file, so
// that a corrupt length cannot make them allocate more than the file holds.
func readerOptions(size int64, mem memory.Allocator) []ipc.Option {
	size = max(size, 1) // a limit of 0 would mean none
	opts := []ipc.Option{ipc.WithBodySizeLimit(size), ipc.WithMetadataSizeLimit(min(size, metadataLimit))}
	if mem != nil {
		opts = append(opts, ipc.WithAllocator(mem))
	}
	return opts
}

// fileInput reads the record batches an IPC file's footer lists.
type fileInput struct {
	f      *os.File
	r      *ipc.FileReader
	size   int64
	blocks []block
	i      int
}

func (in *fileInput) schema() *arrow.Schema { return in.r.Schema() }

func (in *fileInput) next() (arrow.RecordBatch, error) {
	if in.i >= len(in.blocks) {
		return nil, io.EOF
	}
	if err := verifyBlock(in.f, in.size, in.blocks[in.i]); err != nil {
		return nil, fmt.Errorf("record batch %d: %w", in.i, err)
	}
	rec, err := in.r.RecordBatchAt(in.i)
	if err != nil {
		return nil, classify(fmt.Sprintf("record batch %d", in.i), err)
	}
	in.i++
	return rec, nil
}

func (in *fileInput) close() {
	in.r.Close()
	in.f.Close()
}

// streamInput reads the messages of an IPC stream in order.
type streamInput struct {
	f  *os.File
	mr *messageReader
	r  *ipc.Reader
	i  int
}

func (in *streamInput) schema() *arrow.Schema { return in.r.Schema() }

func (in *streamInput) next() (arrow.RecordBatch, error) {
	if in.r.Next() {
		rec := in.r.RecordBatch()
		rec.Retain()
		in.i++
		return rec, nil
	}
	if in.mr.atEOF {
		// The data ended where a message could start: a stream cut at a
		// message boundary looks exactly like this.
		return nil, fmt.Errorf("%w: the stream ends after %d record batches without its end-of-stream marker", ErrTruncated, in.i)
	}
	if err := in.r.Err(); err != nil {
		return nil, classify(fmt.Sprintf("message after record batch %d", in.i), err)
	}
	var one [1]byte
	if n, _ := io.ReadFull(in.f, one[:]); n > 0 {
		return nil, fmt.Errorf("%w: data follows the end-of-stream marker", ErrCorrupt)
	}
	return nil, io.EOF
}

func (in *streamInput) close() {
	in.r.Release()
	in.f.Close()
}

// readFooter reads and verifies the footer at the end of an IPC file.
func readFooter(f io.ReaderAt, size int64) (dicts, batches []block, err error) {
	var tail [4 + 6]byte // footer length, magic
	if size < smallestFile {
		return nil, nil, fmt.Errorf("%w: %d bytes", ErrTruncated, size)
	}
	if _, err := f.ReadAt(tail[:], size-int64(len(tail))); err != nil {
		return nil, nil, err
	}
	n := int64(int32(binary.LittleEndian.Uint32(tail[:])))
	if n <= 0 || n > size-int64(len(tail))-8 || n > metadataLimit {
		return nil, nil, fmt.Errorf("%w: footer length %d in a file of %d bytes", ErrCorrupt, n, size)
	}
	footer := make([]byte, n)
	if _, err := f.ReadAt(footer, size-int64(len(tail))-n); err != nil {
		return nil, nil, err
	}
	dicts, batches, err = verifyFooter(footer)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: footer: %w", ErrCorrupt, err)
	}
	return dicts, batches, nil
}

// verifyBlock checks that b lies in the file and verifies the metadata of
// the message there, before arrow-go reads it.
func verifyBlock(f io.ReaderAt, size int64, b block) error {
	if b.offset < 0 || b.meta < 8 || int64(b.meta) > metadataLimit || b.body < 0 ||
		b.offset > size || int64(b.meta) > size-b.offset || b.body > size-b.offset-int64(b.meta) {
		return fmt.Errorf("%w: block at %d (metadata %d, body %d bytes) outside a file of %d bytes", ErrCorrupt, b.offset, b.meta, b.body, size)
	}
	buf := make([]byte, b.meta)
	if _, err := f.ReadAt(buf, b.offset); err != nil {
		return err
	}
	prefix := 4
	if binary.LittleEndian.Uint32(buf) == continuation {
		prefix = 8
	}
	bodyLen, err := verifyMessage(buf[prefix:])
	if err != nil {
		return fmt.Errorf("%w: message metadata: %w", ErrCorrupt, err)
	}
	if bodyLen != b.body {
		return fmt.Errorf("%w: message body length %d, footer says %d", ErrCorrupt, bodyLen, b.body)
	}
	return nil
}
