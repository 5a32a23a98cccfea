package arrowipc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ipcBytes returns the payments batches as an Arrow IPC file or stream.
func ipcBytes(t testing.TB, format Format, opts ...ipc.Option) []byte {
	t.Helper()
	all := []string{"benefits", "poverty_relief", "special_funds"}
	recs := paymentsBatches(t, memory.DefaultAllocator, all, all)
	defer release(recs)
	path := tempPath(t, "payments.arrow")
	writeIPC(t, path, format, paymentsSchema, recs, opts...)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// legacyStream rewrites a stream in the format written before Arrow 0.15:
// no continuation marker before each message's length, and a 4-byte
// end-of-stream marker.
func legacyStream(t testing.TB, stream []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	for at := 0; ; {
		if binary.LittleEndian.Uint32(stream[at:]) != 0xFFFFFFFF {
			t.Fatalf("no continuation marker at %d", at)
		}
		n := int(binary.LittleEndian.Uint32(stream[at+4:]))
		if n == 0 {
			break
		}
		body, err := verifyMessage(stream[at+8 : at+8+n])
		if err != nil {
			t.Fatal(err)
		}
		end := at + 8 + n + int(body)
		out.Write(stream[at+4 : end]) // length, metadata, body
		at = end
	}
	out.Write([]byte{0, 0, 0, 0})
	return out.Bytes()
}

func TestKind(t *testing.T) {
	file, stream := ipcBytes(t, File), ipcBytes(t, Stream)
	dir := t.TempDir()
	parquetPath := filepath.Join(dir, "p.parquet")
	src := filepath.Join(dir, "p.arrow")
	if err := os.WriteFile(src, file, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ToParquet(src, parquetPath); err != nil {
		t.Fatal(err)
	}
	parquetBytes, err := os.ReadFile(parquetPath)
	if err != nil {
		t.Fatal(err)
	}
	badSchema := binary.LittleEndian.AppendUint32([]byte{0xFF, 0xFF, 0xFF, 0xFF}, 16)
	badSchema = append(badSchema, bytes.Repeat([]byte{0xAB}, 16)...)

	cases := []struct {
		name    string
		content []byte
		want    Format
		wantErr error
	}{
		{"arrow_file", file, File, nil},
		{"arrow_stream", stream, Stream, nil},
		{"legacy_stream", legacyStream(t, stream), Stream, nil},
		{"csv", []byte("case_id,unit_id\nC1,510104001001\n"), NotArrow, nil},
		{"parquet", parquetBytes, NotArrow, nil},
		{"empty", nil, NotArrow, nil},
		{"magic_only", []byte("ARROW1"), NotArrow, ErrTruncated},
		{"file_without_end", file[:len(file)-10], NotArrow, ErrTruncated},
		{"stream_cut_in_schema", stream[:20], NotArrow, ErrTruncated},
		{"stream_bad_schema", badSchema, NotArrow, ErrCorrupt},
		{"feather_v1", append([]byte("FEA1"), make([]byte, 60)...), NotArrow, ErrNotArrow},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.name)
			if err := os.WriteFile(path, c.content, 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := Kind(path)
			if got != c.want || !errors.Is(err, c.wantErr) || (err == nil) != (c.wantErr == nil) {
				t.Fatalf("Kind = %v, %v; want %v, %v", got, err, c.want, c.wantErr)
			}
			var e *Error
			if err != nil && (!errors.As(err, &e) || e.Path != path) {
				t.Errorf("error %v does not name the file", err)
			}
		})
	}
}

func TestKindLegacyStreamConverts(t *testing.T) {
	src := tempPath(t, "legacy.arrows")
	if err := os.WriteFile(src, legacyStream(t, ipcBytes(t, Stream)), 0o600); err != nil {
		t.Fatal(err)
	}
	rows, _, err := ToParquet(src, tempPath(t, "legacy.parquet"))
	if err != nil || rows != 5 {
		t.Fatalf("rows, err = %d, %v; want 5, nil", rows, err)
	}
}

func TestKindFileSystemErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Kind(filepath.Join(dir, "missing.arrow")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: err = %v; want fs.ErrNotExist", err)
	}
	if f, err := Kind(dir); err == nil || f != NotArrow {
		t.Errorf("directory: Kind = %v, %v; want an error", f, err)
	}
	if _, _, err := ToParquet(dir, filepath.Join(dir, "x.parquet")); err == nil {
		t.Errorf("ToParquet of a directory: no error")
	}
}

func TestFormatString(t *testing.T) {
	for f, want := range map[Format]string{NotArrow: "not arrow", File: "arrow file", Stream: "arrow stream", 7: "Format(7)"} {
		if got := f.String(); got != want {
			t.Errorf("%d.String() = %q; want %q", int(f), got, want)
		}
	}
}

func TestToParquetNotArrow(t *testing.T) {
	src := tempPath(t, "cases.csv")
	if err := os.WriteFile(src, []byte("case_id,unit_id\nC1,510104001001\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := ToParquet(src, tempPath(t, "x.parquet"))
	var e *Error
	if !errors.Is(err, ErrNotArrow) || !errors.As(err, &e) || e.Path != src || e.Op != "convert" {
		t.Fatalf("err = %#v; want an *Error{Op: convert, Path: src} wrapping ErrNotArrow", err)
	}
}
