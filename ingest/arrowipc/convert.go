package arrowipc

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

const (
	// rowGroupRows caps a Parquet row group: DuckDB's own row group size,
	// the unit in which read_parquet parallelises its scan.
	rowGroupRows = 122_880
	// rowGroupBytes starts a new row group early when the rows in the one
	// being built take this much as Arrow (wide text columns), so that the
	// buffered row group, the one thing the writer keeps, stays bounded.
	rowGroupBytes = 64 << 20
	// minAllocLimit is the smallest cap on one buffer allocated while
	// reading; see limitAllocator.
	minAllocLimit = 1 << 30
	// metadataLimit caps one IPC message's metadata, as arrow-go's default.
	metadataLimit = 64 << 20
)

// options are the knobs tests and benchmarks turn; ToParquet uses defaults.
type options struct {
	mem           memory.Allocator
	rowGroupRows  int64
	rowGroupBytes int64
	codec         compress.Compression
}

func defaultOptions() options {
	return options{mem: memory.DefaultAllocator, rowGroupRows: rowGroupRows, rowGroupBytes: rowGroupBytes, codec: compress.Codecs.Snappy}
}

// ToParquet converts the Arrow IPC file or stream at src to a Parquet file
// at dst, Snappy-compressed, record batch by record batch, and returns
// the number of rows written and the schema's field names in order. dst is
// replaced only when the conversion succeeds; on failure it is left as it
// was. The types written and the checks made are described in the package
// documentation. Every error is an *Error naming src.
func ToParquet(src, dst string) (rows int64, fields []string, err error) {
	return convert(src, dst, defaultOptions())
}

func convert(src, dst string, o options) (rows int64, fields []string, err error) {
	fail := func(err error) (int64, []string, error) {
		var e *Error
		if errors.As(err, &e) {
			e.Op = "convert"
			return 0, nil, e
		}
		var fe *fieldError
		if errors.As(err, &fe) {
			return 0, nil, &Error{Op: "convert", Path: src, Fields: fe.fields, Err: err}
		}
		return 0, nil, &Error{Op: "convert", Path: src, Err: err}
	}
	in, err := open(src, o.mem)
	if err != nil {
		return fail(err)
	}
	defer in.close()
	p, err := planFor(in.schema())
	if err != nil {
		return fail(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return fail(err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	rows, err = write(in, p, tmp, dst, o)
	if err != nil {
		return fail(err)
	}
	if err = tmp.Close(); err != nil {
		return fail(fmt.Errorf("write %s: %w", dst, err))
	}
	if err = os.Rename(tmp.Name(), dst); err != nil {
		return fail(err)
	}
	return rows, p.names, nil
}

// write copies every record batch of in to w (the file dst) as Parquet.
func write(in input, p *plan, w io.Writer, dst string, o options) (rows int64, err error) {
	out := &sink{w: w}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: reading or converting record batches failed (%v)", ErrCorrupt, r)
		}
		if out.err != nil {
			err = fmt.Errorf("write %s: %w", dst, out.err)
		}
	}()
	bw := bufio.NewWriterSize(out, 1<<20)
	// Dictionary encoding is kept for the columns the producer
	// dictionary-encoded, and skipped for the others: trying it on every
	// column (identifiers are unique) more than doubled the conversion time.
	popts := []parquet.WriterProperty{
		parquet.WithAllocator(o.mem),
		parquet.WithCompression(o.codec),
		parquet.WithMaxRowGroupLength(o.rowGroupRows),
		parquet.WithDictionaryDefault(false),
		parquet.WithCreatedBy("microrisk ingest/arrowipc (arrow-go parquet)"),
	}
	for _, f := range p.out.Fields() {
		if f.Type.ID() == arrow.DICTIONARY {
			popts = append(popts, parquet.WithDictionaryFor(f.Name, true))
		}
	}
	props := parquet.NewWriterProperties(popts...)
	fw, err := pqarrow.NewFileWriter(p.out, bw, props, pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(o.mem)))
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrUnsupportedType, err)
	}
	closed := false
	defer func() {
		if !closed {
			err = errors.Join(err, fw.Close())
		}
	}()
	for i := 0; ; i++ {
		rec, err := in.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rows, err
		}
		n, err := writeBatch(fw, p, rec, i, o)
		rec.Release()
		if err != nil {
			return rows, err
		}
		rows += n
	}
	closed = true
	if err := fw.Close(); err != nil {
		return rows, err
	}
	return rows, bw.Flush()
}

// writeBatch validates and converts the i-th record batch and appends it to
// the current row group, starting a new one when it has grown too big.
func writeBatch(fw *pqarrow.FileWriter, p *plan, rec arrow.RecordBatch, i int, o options) (int64, error) {
	out, err := p.convert(rec, o.mem)
	if err != nil {
		return 0, fmt.Errorf("record batch %d: %w", i, err)
	}
	defer out.Release()
	// arrow-go cannot tell the size of the row group being built until its
	// pages are flushed: estimate it from the Arrow size of the rows, an
	// upper bound of their encoded size, and start a new group first if
	// this batch would take it past rowGroupBytes.
	inGroup, err := fw.RowGroupNumRows()
	if err != nil {
		return 0, err
	}
	if rows := out.NumRows(); inGroup > 0 && rows > 0 && (int64(inGroup)+rows)*(recordSize(out)/rows) > o.rowGroupBytes {
		if err := fw.NewBufferedRowGroupChecked(); err != nil {
			return 0, err
		}
	}
	if err := fw.WriteBuffered(out); err != nil {
		// The data is at fault (a timestamp in seconds that overflows in
		// milliseconds, a decimal beyond its precision) unless writing dst
		// failed, which write reports instead.
		return 0, fmt.Errorf("%w: record batch %d: %w", ErrCorrupt, i, err)
	}
	return out.NumRows(), nil
}

// sink keeps the first error writing the Parquet file, so that it is not
// mistaken for a fault in the data.
type sink struct {
	w   io.Writer
	err error
}

func (s *sink) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil && s.err == nil {
		s.err = err
	}
	return n, err
}

// recordSize is the size of the buffers behind a record batch.
func recordSize(rec arrow.RecordBatch) int64 {
	var n int64
	for _, c := range rec.Columns() {
		n += dataSize(c.Data())
	}
	return n
}

func dataSize(d arrow.ArrayData) int64 {
	var n int64
	for _, b := range d.Buffers() {
		if b != nil {
			n += int64(b.Len())
		}
	}
	for _, c := range d.Children() {
		n += dataSize(c)
	}
	if d.DataType().ID() == arrow.DICTIONARY && d.Dictionary() != nil {
		n += dataSize(d.Dictionary())
	}
	return n
}
