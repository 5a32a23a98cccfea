package csvprep

import (
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// textFields are n Text fields.
func textFields(n int) Clean { return Clean{Fields: make([]Field, n)} }

func TestBatch(t *testing.T) {
	tests := []struct {
		name    string
		fields  int
		records [][]string // row, then the values
		want    []string   // per row: row, then the values, "∅" for null
	}{
		{"values and empties", 3, [][]string{{"2", "a", "b", "c"}, {"5", "", "x", ""}, {"7", "dd", "", "e"}},
			[]string{"2 a b c", "5 ∅ x ∅", "7 dd ∅ e"}},
		{"Chinese text, stored pseudonyms", 2, [][]string{{"12", "张三", "p_0123456789abcdef0123456789abcdef"}, {"13", "李四", ""}},
			[]string{"12 张三 p_0123456789abcdef0123456789abcdef", "13 李四 ∅"}},
		{"a value longer than a one-byte length", 1, [][]string{{"100", strings.Repeat("长", 300)}},
			[]string{"100 " + strings.Repeat("长", 300)}},
		{"no records", 2, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := buildBatch(t, textFields(tt.fields), tt.records...)
			if len(tt.records) == 0 {
				if b != nil {
					t.Fatalf("a batch of %d rows for no records", b.NumRows())
				}
				return
			}
			defer b.Release()
			if got := int(b.NumCols()); got != tt.fields+1 {
				t.Fatalf("%d columns, want %d", got, tt.fields+1)
			}
			if got := batchRows(b); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("rows\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// buildBatch checks and adds records (row, then the values) as the
// numberer does.
func buildBatch(t *testing.T, c Clean, records ...[]string) arrow.RecordBatch {
	t.Helper()
	return buildWith(t, newBatcher(c), c, records...)
}

func buildWith(t *testing.T, bt *batcher, c Clean, records ...[]string) arrow.RecordBatch {
	t.Helper()
	cl := newCleaner(c, DefaultLimits)
	s := cl.scratch()
	b := bt.builder()
	b.start(len(records))
	for _, rec := range records {
		row, _ := strconv.ParseInt(rec[0], 10, 64)
		if !cl.record([]byte(strings.Join(rec[1:], ",")), ',', s) {
			t.Fatalf("record %q is not clean", rec)
		}
		b.add(row, s)
	}
	return b.finish()
}

// batchRows renders a clean batch's rows as in TestBatch.
func batchRows(b arrow.RecordBatch) []string {
	var rows []string
	for r := 0; r < int(b.NumRows()); r++ {
		var parts []string
		for c := 0; c < int(b.NumCols()); c++ {
			col := b.Column(c)
			if col.IsNull(r) {
				parts = append(parts, "∅")
			} else {
				parts = append(parts, col.ValueStr(r))
			}
		}
		rows = append(rows, strings.Join(parts, " "))
	}
	return rows
}

// TestBatchTyped: dates, amounts, counts, measures and yes/no values go
// typed, with the values their plain faces give; a field kept aside is
// not in the batch.
func TestBatchTyped(t *testing.T) {
	c := Clean{Fields: []Field{{Kind: Date}, {Kind: Amount}, {Kind: Count}, {Kind: Float}, {Kind: Bool}, {Aside: true}, {}}}
	records := [][]string{
		{"2", "2017-05-03", "1234.5", "7", "12.5", "是", "x", "p_x"},
		{"3", "1900-01-01", "-0.05", "0", "0.5", "否", "", ""},
		{"4", "2100-12-31", "9999999999999.99", "999999999999999", "123456789012345", "1", "y", "p_y"},
		{"5", "2016-02-29", "12", "", "", "", "", "p_z"},
		{"6", "", "", "12", "3", "n", "", "p_w"},
	}
	b := buildBatch(t, c, records...)
	defer b.Release()
	want := []string{
		"2 2017-05-03 1234.5 7 12.5 true p_x",
		"3 1900-01-01 -0.05 0 0.5 false ∅",
		"4 2100-12-31 9999999999999.99 999999999999999 1.23456789012345e+14 true p_y",
		"5 2016-02-29 12 ∅ ∅ ∅ p_z",
		"6 ∅ ∅ 12 3 false p_w",
	}
	if got := batchRows(b); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
	for i, typ := range []arrow.DataType{arrow.FixedWidthTypes.Date32, amountType, arrow.PrimitiveTypes.Int64,
		arrow.PrimitiveTypes.Float64, arrow.FixedWidthTypes.Boolean, arrow.BinaryTypes.String} {
		if got := b.Column(i + 1).DataType(); !arrow.TypeEqual(got, typ) {
			t.Errorf("column %d: %s, want %s", i+1, got, typ)
		}
	}
	if name := b.Schema().Field(6).Name; name != "c7" {
		t.Errorf("the last column is %s, want c7 (c6 is kept aside)", name)
	}
}

// TestBatchSizes: the columns' sizes learnt from one batch size the next,
// and a value longer than foreseen still fits.
func TestBatchSizes(t *testing.T) {
	c := textFields(2)
	bt := newBatcher(c)
	first := buildWith(t, bt, c, []string{"1", "a", "b"}, []string{"2", "c", "d"})
	first.Release()
	if bt.sizes[0].Load() == 0 || bt.sizes[1].Load() == 0 {
		t.Fatalf("sizes not learnt: %d, %d", bt.sizes[0].Load(), bt.sizes[1].Load())
	}
	long := strings.Repeat("长", 5000)
	b := buildWith(t, bt, c, []string{"3", long, "e"})
	defer b.Release()
	if got := b.Column(1).(*array.String).Value(0); got != long {
		t.Errorf("long value: %d bytes, want %d", len(got), len(long))
	}
}

// TestBatchBuffersReturn: once the batch is released (DuckDB has read
// it), every pooled buffer goes back to the pool.
func TestBatchBuffersReturn(t *testing.T) {
	b := buildBatch(t, textFields(2), []string{"1", "a", ""}, []string{"2", "bb", "c"})
	var pooled []*memory.Buffer
	for _, col := range b.Columns() {
		for _, buf := range col.Data().Buffers() {
			if buf != nil && buf.Len() > 0 {
				pooled = append(pooled, buf)
			}
		}
	}
	// The rows; c1's offsets and data; c2's validity bitmap (it has a
	// null), offsets and data.
	if len(pooled) != 6 {
		t.Fatalf("%d buffers with data, want 6", len(pooled))
	}
	b.Release()
	for i, buf := range pooled {
		if buf.Buf() != nil && i != 3 { // the validity bitmap is not pooled
			t.Errorf("buffer %d not released (%d bytes)", i, buf.Len())
		}
	}
}

func TestBufferPool(t *testing.T) {
	var p bufferPool
	for _, size := range []int{0, 1, 63, 64, 65, 1000, 1 << 20, 1<<20 + 1} {
		b := p.Allocate(size)
		if len(b) != size || cap(b) < size {
			t.Errorf("Allocate(%d): len %d cap %d", size, len(b), cap(b))
		}
		b = p.Reallocate(2*size+1, b)
		if len(b) != 2*size+1 {
			t.Errorf("Reallocate(%d): len %d", 2*size+1, len(b))
		}
		p.Free(b)
		if g := p.get(size); cap(g) < size || len(g) != 0 {
			t.Errorf("get(%d) after Free: len %d cap %d", size, len(g), cap(g))
		}
	}
}

// TestBuilderBound: a block's batch is started for as many records as the
// block has lines; a block with fewer clean records gives a batch of those
// only, nulls and all.
func TestBuilderBound(t *testing.T) {
	c := Clean{Fields: []Field{{}, {Kind: Date}}}
	cl := newCleaner(c, DefaultLimits)
	s := cl.scratch()
	b := newBatcher(c).builder()
	for round := range 2 { // the second reuses the first's pooled buffers
		b.start(100)
		cl.record([]byte("a,2017-05-03"), ',', s)
		b.add(7, s)
		cl.record([]byte(","), ',', s)
		b.add(9, s)
		batch := b.finish()
		want := []string{"7 a 2017-05-03", "9 ∅ ∅"}
		if got := batchRows(batch); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("round %d: rows %q, want %q", round, got, want)
		}
		batch.Release()
	}
}
