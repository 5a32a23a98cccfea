package ingest

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

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
			var pool bufferPool
			block := cleanBlock(tt.records...)
			b := cleanBatch(cleanSchema(tt.fields), block, len(tt.records), &pool, make([]atomic.Int64, tt.fields))
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

// cleanBlock lays records (row, then the values) out as a block of clean
// records.
func cleanBlock(records ...[]string) []byte {
	var out []byte
	for _, rec := range records {
		row, _ := strconv.ParseInt(rec[0], 10, 64)
		out = binary.LittleEndian.AppendUint64(out, uint64(row))
		for _, v := range rec[1:] {
			out = binary.AppendUvarint(out, uint64(len(v)))
			out = append(out, v...)
		}
	}
	return out
}

// batchRows renders a clean batch's rows as in TestCleanBatch.
func batchRows(b arrow.RecordBatch) []string {
	var rows []string
	rowCol := b.Column(0).(*array.Int64)
	for r := 0; r < int(b.NumRows()); r++ {
		parts := []string{fmt.Sprint(rowCol.Value(r))}
		for c := 1; c < int(b.NumCols()); c++ {
			col := b.Column(c).(*array.String)
			if col.IsNull(r) {
				parts = append(parts, "∅")
			} else {
				parts = append(parts, col.Value(r))
			}
		}
		rows = append(rows, strings.Join(parts, " "))
	}
	return rows
}

// TestCleanBatchSizes: the columns' sizes learnt from one batch size the
// next, and a value longer than foreseen still fits.
func TestCleanBatchSizes(t *testing.T) {
	var pool bufferPool
	sizes := make([]atomic.Int64, 2)
	schema := cleanSchema(2)
	first := cleanBatch(schema, cleanBlock([]string{"1", "a", "b"}, []string{"2", "c", "d"}), 2, &pool, sizes)
	first.Release()
	if sizes[0].Load() == 0 || sizes[1].Load() == 0 {
		t.Fatalf("sizes not learnt: %d, %d", sizes[0].Load(), sizes[1].Load())
	}
	long := strings.Repeat("长", 5000)
	b := cleanBatch(schema, cleanBlock([]string{"3", long, "e"}), 1, &pool, sizes)
	defer b.Release()
	if got := b.Column(1).(*array.String).Value(0); got != long {
		t.Errorf("long value: %d bytes, want %d", len(got), len(long))
	}
}

// TestCleanBatchBuffersReturn: once the batch is released (DuckDB has read
// it), every pooled buffer goes back to the pool.
func TestCleanBatchBuffersReturn(t *testing.T) {
	var pool bufferPool
	b := cleanBatch(cleanSchema(2), cleanBlock([]string{"1", "a", ""}, []string{"2", "bb", "c"}), 2, &pool, make([]atomic.Int64, 2))
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
