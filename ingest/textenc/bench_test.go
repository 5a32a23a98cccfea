package textenc

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Benchmark inputs: ledger-like CSV lines, repeated to size.
const (
	benchASCIILine = "U000123,P00045,benefits,12345.50,2017-05-03,approved by A0017\n"
	benchCJKLine   = "U000123,城关镇人民政府,扶贫资金,12345.50,2017-05-03,张三\n"
	benchSize      = 64 << 20
)

func repeatTo(line []byte, size int) []byte {
	return bytes.Repeat(line, size/len(line)+1)[:size/len(line)*len(line)]
}

func BenchmarkDetect(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"ascii", repeatTo([]byte(benchASCIILine), benchSize)},
		{"utf8", repeatTo([]byte(benchCJKLine), benchSize)},
		{"gbk", repeatTo(gbk(b, benchCJKLine), benchSize)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			for b.Loop() {
				if _, err := Detect(bytes.NewReader(bc.data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDetectFile includes reading the file (from the page cache).
func BenchmarkDetectFile(b *testing.B) {
	data := repeatTo([]byte(benchASCIILine), benchSize)
	p := filepath.Join(b.TempDir(), "ascii.csv")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DetectFile(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTranscodeFile measures the GBK path: GB18030 file in, UTF-8 file
// out, MB/s of input.
func BenchmarkTranscodeFile(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
		enc  Encoding
	}{
		{"gbk", repeatTo(gbk(b, benchCJKLine), benchSize/2), GB18030},
		{"gbk-mostly-ascii", repeatTo(gbk(b, strings.Repeat(benchASCIILine, 9)+benchCJKLine), benchSize/2), GB18030},
		{"utf8-bom", append(append([]byte{}, bomUTF8...), repeatTo([]byte(benchCJKLine), benchSize/2)...), UTF8BOM},
	} {
		b.Run(bc.name, func(b *testing.B) {
			dir := b.TempDir()
			src, dst := filepath.Join(dir, "in.csv"), filepath.Join(dir, "out.csv")
			if err := os.WriteFile(src, bc.data, 0o644); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(bc.data)))
			for b.Loop() {
				if _, err := TranscodeFile(src, dst, bc.enc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
