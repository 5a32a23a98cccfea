package textenc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// gbk encodes s in GB18030 (GBK for the characters used here).
func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

const csvLine = "U0001,城关镇人民政府,扶贫资金,12345.50,2017-05-03\n"

func TestDetect(t *testing.T) {
	ascii100k := bytes.Repeat([]byte("U0001,town,benefits,12.50,2017-05-03\n"), 100<<10/37+1)
	// Past the first chunk, and with a character across the chunk boundary.
	asciiChunk := bytes.Repeat([]byte("a"), chunkSize-1)
	tests := []struct {
		name string
		in   []byte
		want Encoding
		err  string // substring of the error; the error wraps ErrUndecodable
	}{
		{name: "empty", in: nil, want: UTF8},
		{name: "ascii", in: []byte("unit_id,name\nU1,x\n"), want: UTF8},
		{name: "utf8", in: []byte(csvLine), want: UTF8},
		{name: "utf8 bom", in: cat(bomUTF8, []byte(csvLine)), want: UTF8BOM},
		{name: "bom only", in: bomUTF8, want: UTF8BOM},
		{name: "gbk", in: gbk(t, csvLine), want: GB18030},
		{name: "gb18030 four-byte", in: gbk(t, "€ 𠀀 ·"), want: GB18030},
		{name: "cp936 euro byte", in: []byte("a\x80b"), want: GB18030},
		{name: "100 KB ascii then gbk", in: cat(ascii100k, gbk(t, csvLine)), want: GB18030},
		{name: "1 MiB ascii then gbk", in: cat(asciiChunk, []byte("a"), gbk(t, csvLine)), want: GB18030},
		{name: "utf8 rune across chunks", in: cat(asciiChunk, []byte("中文")), want: UTF8},
		{name: "gbk character across chunks", in: cat(asciiChunk, gbk(t, "中文")), want: GB18030},
		{name: "gb18030 four bytes across chunks", in: cat(asciiChunk[:chunkSize-2], gbk(t, "𠀀")), want: GB18030},
		{name: "invalid in both", in: []byte("abc\xff\xfe"), err: "invalid UTF-8 at byte 3 and invalid GB18030 at byte 3"},
		{name: "bad gbk trail", in: cat(gbk(t, "中文"), []byte("\x81\x20")), err: "invalid GB18030 at byte 4"},
		{name: "truncated gbk at end", in: []byte("abc\x81"), err: "invalid UTF-8 at byte 3 and invalid GB18030 at byte 3"},
		{name: "utf8 then gbk", in: cat([]byte("中文,"), gbk(t, "中文,")), err: "invalid UTF-8 at byte 7 and invalid GB18030 at byte 2"},
		{name: "gbk user-defined area", in: cat(gbk(t, "中"), []byte("\xaa\xa1")), err: "invalid GB18030 at byte 2"},
		{name: "bom then gbk", in: cat(bomUTF8, gbk(t, "中文")), err: "UTF-8 byte-order mark but invalid UTF-8 at byte 3"},
		{name: "utf-16", in: []byte("\xff\xfea\x00b\x00"), err: "UTF-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []io.Reader{bytes.NewReader(tt.in), iotest.HalfReader(bytes.NewReader(tt.in))} {
				got, err := Detect(r)
				if tt.err != "" {
					if !errors.Is(err, ErrUndecodable) || !strings.Contains(err.Error(), tt.err) {
						t.Fatalf("Detect = %v, %v; want error with %q", got, err, tt.err)
					}
					continue
				}
				if err != nil || got != tt.want {
					t.Fatalf("Detect = %v, %v; want %v", got, err, tt.want)
				}
			}
		})
	}
}

func TestDetectReadError(t *testing.T) {
	boom := errors.New("boom")
	if _, err := Detect(iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Fatalf("got %v, want the reader's error", err)
	}
}

func writeFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDetectFile(t *testing.T) {
	p := writeFile(t, "cases.csv", gbk(t, csvLine))
	if got, err := DetectFile(p); err != nil || got != GB18030 {
		t.Fatalf("DetectFile = %v, %v", got, err)
	}
	bad := writeFile(t, "bad.csv", []byte("\xff"))
	if _, err := DetectFile(bad); !errors.Is(err, ErrUndecodable) || !strings.Contains(err.Error(), bad) {
		t.Fatalf("DetectFile(bad) = %v; want ErrUndecodable naming the file", err)
	}
	if _, err := DetectFile(filepath.Join(t.TempDir(), "missing.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("DetectFile(missing) = %v", err)
	}
}

func TestParseEncoding(t *testing.T) {
	for name, want := range map[string]Encoding{
		"utf-8": UTF8, "UTF8": UTF8, "utf-8-sig": UTF8BOM, "UTF_8_SIG": UTF8BOM,
		"gbk": GB18030, "GB2312": GB18030, "gb18030": GB18030, " cp936 ": GB18030,
	} {
		if got, err := ParseEncoding(name); err != nil || got != want {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v", name, got, err, want)
		}
	}
	for _, name := range []string{"", "latin1", "big5", "utf-16"} {
		if _, err := ParseEncoding(name); !errors.Is(err, ErrUnknownEncoding) {
			t.Errorf("ParseEncoding(%q) = %v; want ErrUnknownEncoding", name, err)
		}
	}
	for _, e := range []Encoding{UTF8, UTF8BOM, GB18030} {
		if got, err := ParseEncoding(e.String()); err != nil || got != e {
			t.Errorf("ParseEncoding(%v.String()) = %v, %v", e, got, err)
		}
	}
}

func TestNewDecoder(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		enc  Encoding
		want string
	}{
		{"utf8", []byte(csvLine), UTF8, csvLine},
		{"utf8 bom", cat(bomUTF8, []byte(csvLine)), UTF8BOM, csvLine},
		{"bom under utf-8", cat(bomUTF8, []byte("x")), UTF8, "x"},
		{"short", []byte("ab"), UTF8, "ab"},
		{"empty", nil, UTF8BOM, ""},
		{"gbk", gbk(t, csvLine), GB18030, csvLine},
		{"gb18030 bom", gbk(t, "\ufeff中"), GB18030, "中"},
		{"gb18030 invalid byte", []byte("a\xffb"), GB18030, "a\ufffdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := io.ReadAll(iotest.OneByteReader(NewDecoder(bytes.NewReader(tt.in), tt.enc)))
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := io.ReadAll(NewDecoder(strings.NewReader("x"), Encoding(9))); !errors.Is(err, ErrUnknownEncoding) {
		t.Fatalf("unknown encoding: %v", err)
	}
}

func TestTranscodeFile(t *testing.T) {
	long := strings.Repeat(csvLine, 3*chunkSize/len(csvLine)) // several chunks, characters across their edges
	tests := []struct {
		name string
		in   []byte
		enc  Encoding
		want string
	}{
		{"gbk", gbk(t, long), GB18030, long},
		{"gb18030 bom", gbk(t, "\ufeff"+csvLine), GB18030, csvLine},
		{"utf8 bom", cat(bomUTF8, []byte(long)), UTF8BOM, long},
		{"utf8", []byte(csvLine), UTF8, csvLine},
		{"empty", nil, GB18030, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := writeFile(t, "in.csv", tt.in)
			dst := filepath.Join(t.TempDir(), "out.csv")
			n, err := TranscodeFile(src, dst, tt.enc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(dst)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want || n != int64(len(got)) {
				t.Fatalf("wrote %d bytes, %d in the file; equal to want: %v", n, len(got), string(got) == tt.want)
			}
		})
	}
}

func TestTranscodeFileInvalid(t *testing.T) {
	for _, tt := range []struct {
		in  []byte
		enc Encoding
		err string
	}{
		{cat(gbk(t, "中文"), []byte("\xff")), GB18030, "invalid gb18030 at byte 4"},
		{cat(gbk(t, "中文"), []byte("\x81")), GB18030, "invalid gb18030 at byte 4"},
		{gbk(t, "中文"), UTF8, "invalid utf-8 at byte 0"},
	} {
		src := writeFile(t, "in.csv", tt.in)
		dst := filepath.Join(t.TempDir(), "out.csv")
		if _, err := TranscodeFile(src, dst, tt.enc); !errors.Is(err, ErrUndecodable) || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%q as %v: got %v; want %q", tt.in, tt.enc, err, tt.err)
		}
		if _, err := os.Stat(dst); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%q as %v: dst left behind (%v)", tt.in, tt.enc, err)
		}
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name   string
		sample string
		want   rune
	}{
		{"comma", "a,b,c\n1,2,3\n", ','},
		{"tab", "a\tb\tc\n1\t2\t3\n", '\t'},
		{"semicolon", "a;b;c\r\n1;2;3\r\n", ';'},
		{"tab with commas in amounts", "id\tamount\n1\t1,234.50\n2\t12\n", '\t'},
		{"semicolon with decimal commas", "id;amount;x\n1;12,50;a\n2;3,5;b\n", ';'},
		{"quoted delimiters", "name,note\n\"a;b;c;d\",\"x;y\"\n\"e;f\",g\n", ','},
		{"quoted newline", "a,b\n\"line1\nline2;;;\",2\n", ','},
		{"single column", "unit_id\nU1\nU2\n", ','},
		{"header only", "unit_id\tname\tlevel", '\t'},
		{"truncated last line", "a;b\n1;2\n3;4;5;6;7", ';'},
		{"blank lines and bom", "\xef\xbb\xbfa\tb\n\n1\t2\n", '\t'},
		{"empty", "", ','},
		{"consistent beats frequent", "a,b;c\n1,2,3;4\n", ';'},
		{"none consistent: most", "a,b,c;d\n1,2,3,4;5;6\n", ','},
		{"tie prefers comma", "a,b\tc\n1,2\t3\n", ','},
	}
	for _, tt := range tests {
		if got := DetectDelimiter([]byte(tt.sample)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	gbkSample := gbk(t, "单位编码,名称\nU1,城关镇\n")
	if got := DetectDelimiter(gbkSample); got != ',' {
		t.Errorf("gbk sample: got %q", got)
	}
}

func TestClassifyLine(t *testing.T) {
	for _, tt := range []struct {
		in   []byte
		want LineClass
	}{
		{[]byte("a,b,1\n"), ASCIILine},
		{[]byte("张三,1\n"), UTF8Line},
		{gbk(t, "张三,1\n"), GB18030Line},
		{gbk(t, "石伟,1\n"), GB18030Line}, // valid UTF-8 too, as ʯΰ
		{[]byte("ʯΰ,1\n"), GB18030Line},
		{[]byte("买买提·艾力,1\n"), UTF8Line},
		{[]byte("José,1\n"), GB18030Line}, // ambiguous: a file's other lines decide it
		{[]byte("᯺촺,1\n"), GB18030Line},   // GBK that tiles into three-byte UTF-8
		{[]byte("张三，甲,1\n"), UTF8Line},
		{[]byte("a,\xff\xfe,1\n"), UndecodableLine},
		{[]byte(""), ASCIILine},
	} {
		if got := ClassifyLine(tt.in); got != tt.want {
			t.Errorf("ClassifyLine(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestDecodeGB18030(t *testing.T) {
	src := gbk(t, "名称,张三\nabc,李四\n")
	got := DecodeGB18030([]byte("x"), src)
	if string(got) != "x名称,张三\nabc,李四\n" {
		t.Errorf("DecodeGB18030 = %q", got)
	}
	if got := DecodeGB18030(nil, []byte("a\xffb")); string(got) != "a\uFFFDb" {
		t.Errorf("DecodeGB18030(invalid) = %q", got)
	}
}
