package ingest

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestCleanBatch(t *testing.T) {
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
			b := buildBatch(newCleanBatcher(make([]fastKind, tt.fields)), tt.records...)
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

// buildBatch builds a batch of records (row, then the values).
func buildBatch(cb *cleanBatcher, records ...[]string) arrow.RecordBatch {
	b := cb.builder()
	b.start(len(records))
	for _, rec := range records {
		row, _ := strconv.ParseInt(rec[0], 10, 64)
		for i, v := range rec[1:] {
			b.set(i, []byte(v))
		}
		b.done(row)
	}
	return b.finish()
}

// batchRows renders a clean batch's rows as in TestCleanBatch.
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

// TestCleanBatchTyped: dates, amounts and counts go as Arrow's date32,
// decimal128(18, 2) and int64, with the values DuckDB's casts of their
// plain forms give.
func TestCleanBatchTyped(t *testing.T) {
	kinds := []fastKind{fastDate, fastAmount, fastInt, fastPerson}
	records := [][]string{
		{"2", "2017-05-03", "1234.5", "7", "p_x"},
		{"3", "1900-01-01", "-0.05", "0", ""},
		{"4", "2100-12-31", "9999999999999.99", "999999999999999", "p_y"},
		{"5", "2016-02-29", "12", "", "p_z"},
		{"6", "", "", "12", "p_w"},
		{"7", "1970-01-01", "-7", "1", "p_v"},
	}
	b := buildBatch(newCleanBatcher(kinds), records...)
	defer b.Release()
	want := []string{
		"2 2017-05-03 1234.5 7 p_x", // decimal128 with scale 2 (checked below): 123450
		"3 1900-01-01 -0.05 0 ∅",
		"4 2100-12-31 9999999999999.99 999999999999999 p_y",
		"5 2016-02-29 12 ∅ p_z",
		"6 ∅ ∅ 12 p_w",
		"7 1970-01-01 -7 1 p_v",
	}
	if got := batchRows(b); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
	for i, typ := range []arrow.DataType{arrow.FixedWidthTypes.Date32, amountType, arrow.PrimitiveTypes.Int64, arrow.BinaryTypes.String} {
		if got := b.Column(i + 1).DataType(); !arrow.TypeEqual(got, typ) {
			t.Errorf("column %d: %s, want %s", i+1, got, typ)
		}
	}
}

// TestPlainDateDays checks the day count against the time package for
// every day of the plain dates' range.
func TestPlainDateDays(t *testing.T) {
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() <= 2100; d = d.AddDate(0, 0, 1) {
		v := []byte(d.Format("2006-01-02"))
		want := int32(d.Sub(epoch).Hours() / 24)
		if got := plainDateDays(v); got != want {
			t.Fatalf("plainDateDays(%s) = %d, want %d", v, got, want)
		}
	}
}

func TestPlainAmountCents(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "1": 100, "1.5": 150, "1.05": 105, "-1.05": -105, "-0.5": -50,
		"1234567890123.99": 123456789012399, "-9999999999999.99": -999999999999999, "007.10": 710,
	} {
		if got := plainAmountCents([]byte(in)); got != want {
			t.Errorf("plainAmountCents(%s) = %d, want %d", in, got, want)
		}
	}
}

// TestCleanBatchSizes: the columns' sizes learnt from one batch size the
// next, and a value longer than foreseen still fits.
func TestCleanBatchSizes(t *testing.T) {
	cb := newCleanBatcher(make([]fastKind, 2))
	first := buildBatch(cb, []string{"1", "a", "b"}, []string{"2", "c", "d"})
	first.Release()
	if cb.sizes[0].Load() == 0 || cb.sizes[1].Load() == 0 {
		t.Fatalf("sizes not learnt: %d, %d", cb.sizes[0].Load(), cb.sizes[1].Load())
	}
	long := strings.Repeat("长", 5000)
	b := buildBatch(cb, []string{"3", long, "e"})
	defer b.Release()
	if got := b.Column(1).(*array.String).Value(0); got != long {
		t.Errorf("long value: %d bytes, want %d", len(got), len(long))
	}
}

// TestCleanBatchBuffersReturn: once the batch is released (DuckDB has read
// it), every pooled buffer goes back to the pool.
func TestCleanBatchBuffersReturn(t *testing.T) {
	b := buildBatch(newCleanBatcher(make([]fastKind, 2)), []string{"1", "a", ""}, []string{"2", "bb", "c"})
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

// TestCleanBuilderBound: a block's batch is started for as many records as
// the block has lines; a block with fewer clean records gives a batch of
// those only, nulls and all.
func TestCleanBuilderBound(t *testing.T) {
	b := newCleanBatcher([]fastKind{fastAny, fastDate}).builder()
	for round := range 2 { // the second reuses the first's pooled buffers
		b.start(100)
		b.set(0, []byte("a"))
		b.set(1, []byte("2017-05-03"))
		b.done(7)
		b.set(0, nil)
		b.set(1, nil)
		b.done(9)
		batch := b.finish()
		want := []string{"7 a 2017-05-03", "9 ∅ ∅"}
		if got := batchRows(batch); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("round %d: rows %q, want %q", round, got, want)
		}
		batch.Release()
	}
}
