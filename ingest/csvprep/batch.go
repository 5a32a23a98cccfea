package csvprep

import (
	"bytes"
	"fmt"
	"math"
	"math/bits"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// The clean records reach DuckDB as Arrow record batches, not as text to
// parse: the pre-pass has split them and checked every value's plain
// form, so the load only stores each value. DuckDB's own CSV reader spent
// about a third of the load finding fields and rows in the text and
// casting it.
//
// A batch's columns are RowColumn (int64) and c1..cn, one per field of the
// file that is not kept aside: a date as date32, an amount as
// decimal128(18, 2), a count as int64, a measure as float64, a yes/no as
// boolean (their plain forms, parsed as the normalize package's other
// faces would), anything else as utf8; an empty value is null, as
// read_csv gives it. The numbering workers fill a batch per block of the
// file as they check its records (builder).

// RowColumn is the column of the clean batches, and of the others' table,
// that holds each record's row as a spreadsheet shows the file (the
// header is row 1).
const RowColumn = "_src_row"

// amountType is the Arrow type of a clean amount: DuckDB's DECIMAL(18,2).
var amountType = &arrow.Decimal128Type{Precision: 18, Scale: 2}

// batcher makes the clean-record batches of one file.
type batcher struct {
	schema *arrow.Schema
	fields []int // the batch's columns: the file's fields not kept aside
	kinds  []Kind
	pool   bufferPool
	sizes  []atomic.Int64 // each text column's bytes per row in the last batch
}

func newBatcher(c Clean) *batcher {
	b := &batcher{}
	cols := []arrow.Field{{Name: RowColumn, Type: arrow.PrimitiveTypes.Int64}}
	for i, f := range c.Fields {
		if f.Aside {
			continue
		}
		b.fields = append(b.fields, i)
		b.kinds = append(b.kinds, f.Kind)
		cols = append(cols, arrow.Field{Name: fmt.Sprintf("c%d", i+1), Type: arrowType(f.Kind), Nullable: true})
	}
	b.schema = arrow.NewSchema(cols, nil)
	b.sizes = make([]atomic.Int64, len(b.fields))
	return b
}

// arrowType is the Arrow type of a clean value of kind k.
func arrowType(k Kind) arrow.DataType {
	switch k {
	case Date:
		return arrow.FixedWidthTypes.Date32
	case Amount:
		return amountType
	case Count:
		return arrow.PrimitiveTypes.Int64
	case Float:
		return arrow.PrimitiveTypes.Float64
	case Bool:
		return arrow.FixedWidthTypes.Boolean
	}
	return arrow.BinaryTypes.String
}

// builder returns a new builder of this file's batches, for one goroutine.
func (bt *batcher) builder() *builder {
	return &builder{bt: bt, cols: make([]column, len(bt.fields))}
}

// builder fills one batch at a time with clean records: start, then add
// for each record, then finish.
type builder struct {
	bt      *batcher
	rowBuf  []byte
	rowNums []int64
	cols    []column
	n       int // records added
}

// start begins a batch of at most rows records. Its buffers come from the
// pool, and return to it once DuckDB has released the batch.
func (b *builder) start(rows int) {
	b.n = 0
	b.rowBuf = b.bt.pool.get(8 * rows)[:8*rows]
	b.rowNums = arrow.Int64Traits.CastFromBytes(b.rowBuf)
	for i := range b.cols {
		per := b.bt.sizes[i].Load()
		if per == 0 {
			per = 32
		}
		b.cols[i] = column{}
		b.cols[i].init(&b.bt.pool, b.bt.kinds[i], rows, int(per)*rows+rows/8)
	}
}

// add adds a clean record, row of the file, its values in s.
func (b *builder) add(row int64, s *scratch) {
	for j, i := range b.bt.fields {
		b.cols[j].add(b.n, s.stored[i], s.nums[i])
	}
	b.rowNums[b.n] = row
	b.n++
}

// finish returns the batch of the records added since start, or nil if
// there are none.
func (b *builder) finish() arrow.RecordBatch {
	rows := b.n
	arrays := make([]arrow.Array, 0, len(b.cols)+1)
	rowData := newData(arrow.PrimitiveTypes.Int64, rows, 0, nil, memory.NewBufferWithAllocator(b.rowBuf, &b.bt.pool))
	arrays = append(arrays, array.NewInt64Data(rowData))
	rowData.Release()
	for i := range b.cols {
		c := &b.cols[i]
		if rows > 0 && c.kind == Text {
			b.bt.sizes[i].Store(int64(len(c.data)/rows + 1))
		}
		arrays = append(arrays, c.array(&b.bt.pool, rows))
	}
	batch := array.NewRecordBatch(b.bt.schema, arrays, int64(rows))
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

// column gathers one column of a batch: text (utf8 offsets and data) or
// fixed-width values.
type column struct {
	kind    Kind // Text for every kind stored as utf8
	rows    int
	offsets []byte // text: int32 offsets, rows+1 of them
	off     []int32
	data    []byte // text: the values; otherwise the fixed-width values
	dates   []arrow.Date32
	amounts []decimal128.Num
	ints    []int64
	floats  []float64
	valid   []byte // validity bitmap, made at the first empty value
	nulls   int
}

func (c *column) init(pool *bufferPool, kind Kind, rows, size int) {
	c.rows = rows
	switch kind {
	case Date:
		c.kind, c.data = Date, pool.get(4 * rows)[:4*rows]
		c.dates = arrow.Date32Traits.CastFromBytes(c.data)
	case Amount:
		c.kind, c.data = Amount, pool.get(16 * rows)[:16*rows]
		c.amounts = arrow.Decimal128Traits.CastFromBytes(c.data)
	case Count:
		c.kind, c.data = Count, pool.get(8 * rows)[:8*rows]
		c.ints = arrow.Int64Traits.CastFromBytes(c.data)
	case Float:
		c.kind, c.data = Float, pool.get(8 * rows)[:8*rows]
		c.floats = arrow.Float64Traits.CastFromBytes(c.data)
	case Bool:
		n := rows/8 + 1
		c.kind, c.data = Bool, pool.get(n)[:n]
		clear(c.data)
	default:
		c.kind = Text
		c.offsets = pool.get(4 * (rows + 1))[:4*(rows+1)]
		c.off = arrow.Int32Traits.CastFromBytes(c.offsets)
		c.off[0] = 0
		c.data = pool.get(size)
	}
}

// add sets row r's value: stored, its bytes, and num, its bits if typed.
// An empty value is null.
func (c *column) add(r int, stored []byte, num uint64) {
	if len(stored) == 0 {
		c.null(r)
	}
	switch {
	case c.kind == Text:
		c.data = append(c.data, stored...)
		c.off[r+1] = int32(len(c.data))
	case len(stored) == 0:
	case c.kind == Date:
		c.dates[r] = arrow.Date32(int32(uint32(num)))
	case c.kind == Amount:
		c.amounts[r] = decimal128.FromI64(int64(num))
	case c.kind == Count:
		c.ints[r] = int64(num)
	case c.kind == Float:
		c.floats[r] = math.Float64frombits(num)
	case c.kind == Bool && num != 0:
		c.data[r/8] |= 1 << (r % 8)
	}
}

// null marks row r null, making the validity bitmap at the first.
func (c *column) null(r int) {
	if c.valid == nil {
		c.valid = bytes.Repeat([]byte{0xff}, c.rows/8+1)
	}
	c.valid[r/8] &^= 1 << (r % 8)
	c.nulls++
}

func (c *column) array(pool *bufferPool, rows int) arrow.Array {
	var valid *memory.Buffer
	if c.valid != nil {
		valid = memory.NewBufferBytes(c.valid)
	}
	var d arrow.ArrayData
	switch c.kind {
	case Text:
		d = newData(arrow.BinaryTypes.String, rows, c.nulls, valid,
			memory.NewBufferWithAllocator(c.offsets, pool), memory.NewBufferWithAllocator(c.data, pool))
	default:
		d = newData(arrowType(c.kind), rows, c.nulls, valid, memory.NewBufferWithAllocator(c.data, pool))
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
