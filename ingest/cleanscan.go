package ingest

import (
	"bytes"
	"fmt"
	"math/bits"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// The clean records of a streamed CSV file (csvstream.go) reach DuckDB as
// Arrow record batches, not as text to parse: the pre-pass has split them
// and checked every value's plain form (fastpath.go), so the load only
// stores each value (binding.cleanSQL). DuckDB's own CSV reader spent
// about a third of the load finding fields and rows in the text and
// casting it, and the text went through the kernel twice on its way.
//
// A batch's columns are _src_row (int64) and c1..cn, one per field of the
// file: a date as date32, an amount as decimal128(18, 2), a count as
// int64 (their plain forms, parsed here as DuckDB's cast would), anything
// else as utf8; an empty value is null, as read_csv gives it. The numbering
// workers fill a batch per block of the file as they check its records
// (cleanBuilder); DuckDB reads the batches through a view over an Arrow
// stream (arrowview.go), from several threads.

// amountType is the Arrow type of a clean amount: DuckDB's DECIMAL(18,2).
var amountType = &arrow.Decimal128Type{Precision: 18, Scale: 2}

// cleanBatcher makes the clean-record batches of one file.
type cleanBatcher struct {
	schema *arrow.Schema
	kinds  []fastKind // by field
	pool   bufferPool
	sizes  []atomic.Int64 // each text column's bytes per row in the last batch
}

// newCleanBatcher returns the batcher for a file whose fields are checked
// for kinds.
func newCleanBatcher(kinds []fastKind) *cleanBatcher {
	cols := []arrow.Field{{Name: SourceRowColumn, Type: arrow.PrimitiveTypes.Int64}}
	for i, k := range kinds {
		cols = append(cols, arrow.Field{Name: fmt.Sprintf("c%d", i+1), Type: cleanType(k), Nullable: true})
	}
	return &cleanBatcher{schema: arrow.NewSchema(cols, nil), kinds: kinds, sizes: make([]atomic.Int64, len(kinds))}
}

// cleanType is the Arrow type of a clean value checked for kind k.
func cleanType(k fastKind) arrow.DataType {
	switch k {
	case fastDate:
		return arrow.FixedWidthTypes.Date32
	case fastAmount:
		return amountType
	case fastInt:
		return arrow.PrimitiveTypes.Int64
	}
	return arrow.BinaryTypes.String
}

// builder returns a new builder of this file's batches, for one goroutine.
func (cb *cleanBatcher) builder() *cleanBuilder {
	return &cleanBuilder{cb: cb, cols: make([]cleanColumn, len(cb.kinds))}
}

// cleanBuilder fills one batch at a time with clean records: start, then
// for each record set each field and end it with done, then finish.
type cleanBuilder struct {
	cb      *cleanBatcher
	rowBuf  []byte
	rowNums []int64
	cols    []cleanColumn
	n       int // records added
}

// start begins a batch of at most rows records. Its buffers come from the
// pool, and return to it once DuckDB has released the batch.
func (b *cleanBuilder) start(rows int) {
	b.n = 0
	b.rowBuf = b.cb.pool.get(8 * rows)[:8*rows]
	b.rowNums = arrow.Int64Traits.CastFromBytes(b.rowBuf)
	for i := range b.cols {
		per := b.cb.sizes[i].Load()
		if per == 0 {
			per = 32
		}
		b.cols[i] = cleanColumn{}
		b.cols[i].init(&b.cb.pool, b.cb.kinds[i], rows, int(per)*rows+rows/8)
	}
}

// set sets field i of the record being added to v, in its stored form
// (copied).
func (b *cleanBuilder) set(i int, v []byte) { b.cols[i].add(b.n, v) }

// done ends the record being added: it is row of the file.
func (b *cleanBuilder) done(row int64) {
	b.rowNums[b.n] = row
	b.n++
}

// finish returns the batch of the records added since start, or nil if
// there are none.
func (b *cleanBuilder) finish() arrow.RecordBatch {
	rows := b.n
	arrays := make([]arrow.Array, 0, len(b.cols)+1)
	rowData := newData(arrow.PrimitiveTypes.Int64, rows, 0, nil, memory.NewBufferWithAllocator(b.rowBuf, &b.cb.pool))
	arrays = append(arrays, array.NewInt64Data(rowData))
	rowData.Release()
	for i := range b.cols {
		c := &b.cols[i]
		if rows > 0 && c.kind == textColumn {
			b.cb.sizes[i].Store(int64(len(c.data)/rows + 1))
		}
		arrays = append(arrays, c.array(&b.cb.pool, rows))
	}
	batch := array.NewRecordBatch(b.cb.schema, arrays, int64(rows))
	for _, a := range arrays {
		a.Release()
	}
	b.rowBuf, b.rowNums = nil, nil
	if rows == 0 {
		batch.Release()
		return nil
	}
	return batch
}

// The layouts of a cleanColumn.
const (
	textColumn = iota
	dateColumn
	amountColumn
	intColumn
)

// cleanColumn gathers one column of a batch: text (utf8 offsets and data)
// or fixed-width values.
type cleanColumn struct {
	kind    int
	rows    int
	offsets []byte // text: int32 offsets, rows+1 of them
	off     []int32
	data    []byte // text: the values; otherwise the fixed-width values
	dates   []arrow.Date32
	amounts []decimal128.Num
	ints    []int64
	valid   []byte // validity bitmap, made at the first empty value
	nulls   int
}

func (c *cleanColumn) init(pool *bufferPool, kind fastKind, rows, size int) {
	c.rows = rows
	switch kind {
	case fastDate:
		c.kind, c.data = dateColumn, pool.get(4 * rows)[:4*rows]
		c.dates = arrow.Date32Traits.CastFromBytes(c.data)
	case fastAmount:
		c.kind, c.data = amountColumn, pool.get(16 * rows)[:16*rows]
		c.amounts = arrow.Decimal128Traits.CastFromBytes(c.data)
	case fastInt:
		c.kind, c.data = intColumn, pool.get(8 * rows)[:8*rows]
		c.ints = arrow.Int64Traits.CastFromBytes(c.data)
	default:
		c.kind = textColumn
		c.offsets = pool.get(4 * (rows + 1))[:4*(rows+1)]
		c.off = arrow.Int32Traits.CastFromBytes(c.offsets)
		c.off[0] = 0
		c.data = pool.get(size)
	}
}

// add sets row r's value v (in its plain form); an empty one is null.
func (c *cleanColumn) add(r int, v []byte) {
	if len(v) == 0 {
		c.null(r)
	}
	switch {
	case c.kind == textColumn:
		c.data = append(c.data, v...)
		c.off[r+1] = int32(len(c.data))
	case len(v) == 0:
	case c.kind == dateColumn:
		c.dates[r] = arrow.Date32(plainDateDays(v))
	case c.kind == amountColumn:
		c.amounts[r] = decimal128.FromI64(plainAmountCents(v))
	case c.kind == intColumn:
		c.ints[r] = plainInt(v)
	}
}

// null marks row r null, making the validity bitmap at the first.
func (c *cleanColumn) null(r int) {
	if c.valid == nil {
		c.valid = bytes.Repeat([]byte{0xff}, c.rows/8+1)
	}
	c.valid[r/8] &^= 1 << (r % 8)
	c.nulls++
}

func (c *cleanColumn) array(pool *bufferPool, rows int) arrow.Array {
	var valid *memory.Buffer
	if c.valid != nil {
		valid = memory.NewBufferBytes(c.valid)
	}
	var d arrow.ArrayData
	switch c.kind {
	case textColumn:
		d = newData(arrow.BinaryTypes.String, rows, c.nulls, valid,
			memory.NewBufferWithAllocator(c.offsets, pool), memory.NewBufferWithAllocator(c.data, pool))
	case dateColumn:
		d = newData(arrow.FixedWidthTypes.Date32, rows, c.nulls, valid, memory.NewBufferWithAllocator(c.data, pool))
	case amountColumn:
		d = newData(amountType, rows, c.nulls, valid, memory.NewBufferWithAllocator(c.data, pool))
	default:
		d = newData(arrow.PrimitiveTypes.Int64, rows, c.nulls, valid, memory.NewBufferWithAllocator(c.data, pool))
	}
	defer d.Release()
	return array.MakeFromData(d)
}

// newData makes array data of the buffers, which it takes over: a pooled
// buffer returns to its pool when the data is released.
func newData(t arrow.DataType, rows, nulls int, buffers ...*memory.Buffer) arrow.ArrayData {
	d := array.NewData(t, rows, buffers, nil, nulls, 0)
	for _, b := range buffers {
		if b != nil {
			b.Release()
		}
	}
	return d
}

// bufferPool recycles the buffers of the clean-record batches, by powers
// of two: a batch's buffers come back when DuckDB releases it. It is the
// allocator (memory.Allocator) of those buffers.
type bufferPool struct {
	classes [40]sync.Pool // class k: buffers of capacity at least 1<<k
}

// get returns an empty buffer of capacity at least size.
func (p *bufferPool) get(size int) []byte {
	k := bits.Len(uint(max(size, 64) - 1))
	if b, ok := p.classes[k].Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, 1<<k)
}

// Allocate returns a buffer of size bytes.
func (p *bufferPool) Allocate(size int) []byte { return p.get(size)[:size] }

// Reallocate returns a buffer of size bytes holding b's.
func (p *bufferPool) Reallocate(size int, b []byte) []byte {
	if size <= cap(b) {
		return b[:size]
	}
	out := p.Allocate(size)
	copy(out, b)
	p.Free(b)
	return out
}

// Free takes a buffer back.
func (p *bufferPool) Free(b []byte) {
	if cap(b) < 64 {
		return
	}
	k := bits.Len(uint(cap(b))) - 1
	b = b[:0]
	p.classes[k].Put(&b)
}

// cleanReader is the Arrow record reader of a stream's clean records.
type cleanReader struct {
	stream *csvStream
	schema *arrow.Schema
	cur    arrow.RecordBatch
	err    error
}

// Retain and Release do nothing: the reader lives as long as its stream.
func (r *cleanReader) Retain()  {}
func (r *cleanReader) Release() {}

// Schema is the batches' schema.
func (r *cleanReader) Schema() *arrow.Schema { return r.schema }

// Next moves to the next batch; false at the end, or if the load stopped
// (Err says so).
func (r *cleanReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	b, ok, err := r.stream.nextClean()
	if err != nil {
		r.err = err
	}
	if !ok {
		return false
	}
	r.cur = b
	return true
}

// RecordBatch is the current batch.
func (r *cleanReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record is the current batch.
//
// Deprecated: as in arrow's RecordReader, use RecordBatch.
func (r *cleanReader) Record() arrow.RecordBatch { return r.cur }

// Err is why the reader stopped early, if it did.
func (r *cleanReader) Err() error { return r.err }
