package arrowipc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// sentinels are the errors.Is targets every data error wraps.
var sentinels = []error{ErrNotArrow, ErrTruncated, ErrCorrupt, ErrUnsupportedType, ErrDuplicateField, ErrNoFields}

// convertBytes writes data to a file and converts it, failing the test if
// an error is not an *Error naming the file with one of the sentinels.
func convertBytes(t *testing.T, dir string, data []byte) (int64, error) {
	t.Helper()
	src := filepath.Join(dir, "in.arrow")
	if err := os.WriteFile(src, data, 0o600); err != nil {
		t.Fatal(err)
	}
	rows, _, err := ToParquet(src, filepath.Join(dir, "out.parquet"))
	if err == nil {
		return rows, nil
	}
	var e *Error
	if !errors.As(err, &e) || e.Path != src {
		t.Fatalf("error is not an *Error naming %s: %v", src, err)
	}
	if !slices.ContainsFunc(sentinels, func(s error) bool { return errors.Is(err, s) }) {
		t.Fatalf("error wraps no sentinel: %v", err)
	}
	return rows, err
}

// TestTruncatedEverywhere cuts the payments stream at every byte, and the
// file and a compressed stream at every third: each cut must be reported
// (as truncated, or as not Arrow when too little is left to tell), never
// converted and never a panic.
func TestTruncatedEverywhere(t *testing.T) {
	for _, c := range []struct {
		name   string
		format Format
		opts   []ipc.Option
		stride int
	}{{"file", File, nil, 3}, {"stream", Stream, nil, 1}, {"stream_zstd", Stream, []ipc.Option{ipc.WithZstd()}, 3}} {
		t.Run(c.name, func(t *testing.T) {
			stride := c.stride
			if testing.Short() {
				stride = 7
			}
			data := ipcBytes(t, c.format, c.opts...)
			dir := t.TempDir()
			for n := 0; n < len(data); n += stride {
				_, err := convertBytes(t, dir, data[:n])
				switch {
				case err == nil:
					t.Fatalf("cut at %d of %d: converted without error", n, len(data))
				case n < 4 && errors.Is(err, ErrNotArrow):
				case n < len(fileMagic) && c.format == File && errors.Is(err, ErrNotArrow):
				case !errors.Is(err, ErrTruncated):
					t.Fatalf("cut at %d of %d: %v; want ErrTruncated", n, len(data), err)
				}
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("files left behind: %v", entries)
			}
		})
	}
}

// TestCorruptBytes damages the bytes of the payments file and stream in
// turn (every other byte, every fifth of the compressed file; every
// seventh with -short; TestSoak does more). Whatever the damage, the result is a conversion or an *Error,
// never a panic or a crash.
func TestCorruptBytes(t *testing.T) {
	for _, c := range []struct {
		name   string
		format Format
		opts   []ipc.Option
		stride int
	}{{"file", File, nil, 2}, {"stream", Stream, nil, 2}, {"file_lz4", File, []ipc.Option{ipc.WithLZ4()}, 5}} {
		t.Run(c.name, func(t *testing.T) {
			data := ipcBytes(t, c.format, c.opts...)
			dir := t.TempDir()
			stride := c.stride
			if testing.Short() {
				stride = 7
			}
			var tried, refused int
			for i := 0; i < len(data); i += stride {
				damaged := bytes.Clone(data)
				damaged[i] ^= 0xFF
				tried++
				if _, err := convertBytes(t, dir, damaged); err != nil {
					refused++
				}
			}
			t.Logf("%d of %d damaged copies refused", refused, tried)
		})
	}
}

// TestHugeDecompressedLength declares a terabyte-sized buffer behind a
// Zstandard-compressed one: an error, not an out-of-memory crash.
func TestHugeDecompressedLength(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{{Name: "persons", Type: arrow.PrimitiveTypes.Int64}}, nil)
	b := array.NewInt64Builder(memory.DefaultAllocator)
	for i := range 1000 {
		b.Append(int64(i % 3))
	}
	col := b.NewArray()
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, 1000)
	col.Release()
	b.Release()
	defer rec.Release()
	for _, format := range []Format{File, Stream} {
		t.Run(format.String(), func(t *testing.T) {
			src := tempPath(t, "big.arrow")
			writeIPC(t, src, format, schema, []arrow.RecordBatch{rec}, ipc.WithZstd())
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			// The values buffer is 8000 bytes uncompressed; its compressed
			// form starts with that length as a little-endian int64.
			prefix := binary.LittleEndian.AppendUint64(nil, 8000)
			at := bytes.Index(data, prefix)
			if at < 0 || bytes.Count(data, prefix) != 1 {
				t.Fatalf("uncompressed length prefix not found once")
			}
			binary.LittleEndian.PutUint64(data[at:], 1<<40)
			_, err = convertBytes(t, t.TempDir(), data)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v; want ErrCorrupt", err)
			}
		})
	}
}

// TestInvalidValues writes record batches that are well-formed IPC but
// whose contents are not valid Arrow, the way a careless writer could:
// dictionary indices outside the dictionary, GBK bytes in a utf8 column.
func TestInvalidValues(t *testing.T) {
	mem := memory.DefaultAllocator
	dictType := &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
	badDict := func() arrow.Array {
		ib := array.NewInt32Builder(mem)
		defer ib.Release()
		ib.AppendValues([]int32{0, 5}, nil)
		idx := ib.NewArray()
		defer idx.Release()
		sb := array.NewStringBuilder(mem)
		defer sb.Release()
		sb.AppendValues([]string{"benefits", "land"}, nil)
		dict := sb.NewArray()
		defer dict.Release()
		return array.NewDictionaryArray(dictType, idx, dict)
	}
	gbk := func() arrow.Array {
		sb := array.NewStringBuilder(mem)
		defer sb.Release()
		sb.Append("红星社区")
		sb.Append(string([]byte{0xBA, 0xEC, 0xD0, 0xC7})) // 红星 in GBK
		return sb.NewArray()
	}
	cases := []struct {
		name  string
		field arrow.Field
		col   func() arrow.Array
		want  string
	}{
		{"dictionary_index_out_of_range", arrow.Field{Name: "program", Type: dictType, Nullable: true}, badDict, "dictionary index 5 in row 1"},
		{"gbk_in_utf8", arrow.Field{Name: "unit_name", Type: arrow.BinaryTypes.String, Nullable: true}, gbk, "not valid utf8"},
	}
	for _, c := range cases {
		for _, format := range []Format{File, Stream} {
			t.Run(c.name+"/"+format.String(), func(t *testing.T) {
				schema := arrow.NewSchema([]arrow.Field{c.field}, nil)
				col := c.col()
				rec := array.NewRecordBatch(schema, []arrow.Array{col}, 2)
				col.Release()
				defer rec.Release()
				src := tempPath(t, "bad.arrow")
				writeIPC(t, src, format, schema, []arrow.RecordBatch{rec})
				_, _, err := ToParquet(src, tempPath(t, "bad.parquet"))
				var e *Error
				if !errors.Is(err, ErrCorrupt) || !errors.As(err, &e) || !slices.Equal(e.Fields, []string{c.field.Name}) {
					t.Fatalf("err = %v; want ErrCorrupt naming field %s", err, c.field.Name)
				}
				if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "record batch 0") {
					t.Errorf("err = %v; want it to say %q and the record batch", err, c.want)
				}
			})
		}
	}
}

// TestStreamEnd: a stream cut exactly after a record batch looks complete
// to arrow-go; only the missing end-of-stream marker gives it away. Bytes
// after the marker are refused too (a second stream would be lost).
func TestStreamEnd(t *testing.T) {
	stream := ipcBytes(t, Stream)
	eos := []byte{0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0}
	if !bytes.HasSuffix(stream, eos) {
		t.Fatalf("stream does not end with the end-of-stream marker")
	}
	dir := t.TempDir()
	if _, err := convertBytes(t, dir, stream[:len(stream)-len(eos)]); !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "end-of-stream marker") {
		t.Errorf("without marker: err = %v; want ErrTruncated about the marker", err)
	}
	if _, err := convertBytes(t, dir, append(bytes.Clone(stream), stream...)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("two streams in one file: err = %v; want ErrCorrupt", err)
	}
	if rows, err := convertBytes(t, dir, stream); err != nil || rows != 5 {
		t.Errorf("intact stream: rows, err = %d, %v", rows, err)
	}
}

func FuzzToParquet(f *testing.F) {
	for _, format := range []Format{File, Stream} {
		f.Add(ipcBytes(f, format))
		f.Add(ipcBytes(f, format, ipc.WithZstd()))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		convertBytes(t, t.TempDir(), data)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("conversion took %v", d)
		}
	})
}

var soak = flag.Duration("soak", 0, "run TestSoak's random damage for this long")

// TestSoak damages the payments file and stream at random (several bytes
// overwritten, with extreme 32- and 64-bit values among them) for -soak,
// with a fixed seed, and fails on a panic, a non-*Error or a conversion
// slower than two seconds. Go's own fuzzer makes slow progress on this
// package (each execution converts a file and the binary is large), so
// this is the cheap way to throw many damaged files at it:
//
//	go test ./ingest/arrowipc -run TestSoak -soak 2m
func TestSoak(t *testing.T) {
	if *soak == 0 {
		t.Skip("run with -soak DURATION")
	}
	seeds := [][]byte{ipcBytes(t, File), ipcBytes(t, Stream), ipcBytes(t, File, ipc.WithZstd()), ipcBytes(t, Stream, ipc.WithLZ4())}
	rng := rand.New(rand.NewPCG(1, 2))
	extremes := []uint64{0, 1, 1<<31 - 1, 1 << 31, 1<<32 - 1, 1 << 40, 1<<63 - 1, 1 << 63, 1<<64 - 1}
	dir := t.TempDir()
	deadline := time.Now().Add(*soak)
	var runs, refused int
	for time.Now().Before(deadline) {
		data := bytes.Clone(seeds[rng.IntN(len(seeds))])
		for range 1 + rng.IntN(4) {
			at := rng.IntN(len(data))
			switch rng.IntN(3) {
			case 0:
				data[at] = byte(rng.Uint32())
			case 1:
				if at+4 <= len(data) {
					binary.LittleEndian.PutUint32(data[at:], uint32(extremes[rng.IntN(len(extremes))]))
				}
			case 2:
				if at+8 <= len(data) {
					binary.LittleEndian.PutUint64(data[at:], extremes[rng.IntN(len(extremes))])
				}
			}
		}
		start := time.Now()
		if _, err := convertBytes(t, dir, data); err != nil {
			refused++
		}
		if d := time.Since(start); d > 2*time.Second {
			os.WriteFile(filepath.Join(os.TempDir(), "arrowipc-slow.bin"), data, 0o600)
			t.Fatalf("conversion took %v (input saved to %s)", d, filepath.Join(os.TempDir(), "arrowipc-slow.bin"))
		}
		runs++
	}
	t.Logf("%d damaged files, %d refused", runs, refused)
}
