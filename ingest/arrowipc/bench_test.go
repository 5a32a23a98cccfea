package arrowipc

import (
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"
)

// BenchmarkToParquet converts one million payments rows (the
// paymentsSchema columns: strings, a dictionary, a decimal, a date, a
// timestamp) held in 16 record batches of 62,500 rows, and reports rows/s
// and the peak Go heap above the starting point. For comparison it times
// DuckDB loading the converted Parquet file, and the same rows as CSV with
// its own read_csv, into a table (rows/s only: DuckDB's memory is not Go
// heap).
//
//	go test ./ingest/arrowipc -run '^$' -bench ToParquet -benchtime 3x
func BenchmarkToParquet(b *testing.B) {
	const batches, per = 16, 62_500
	const rows = batches * per
	dir := b.TempDir()
	recs := syntheticPayments(b, memory.DefaultAllocator, batches, per)
	file, stream := filepath.Join(dir, "payments.arrow"), filepath.Join(dir, "payments.arrows")
	writeIPC(b, file, File, paymentsSchema, recs)
	writeIPC(b, stream, Stream, paymentsSchema, recs)
	release(recs)
	runtime.GC()

	for _, c := range []struct {
		name  string
		src   string
		codec compress.Compression
	}{
		{"file", file, compress.Codecs.Snappy},
		{"stream", stream, compress.Codecs.Snappy},
		{"file_zstd", file, compress.Codecs.Zstd},
	} {
		b.Run(c.name, func(b *testing.B) {
			o := defaultOptions()
			o.codec = c.codec
			dst := filepath.Join(b.TempDir(), "payments.parquet")
			peak := watchHeap()
			for b.Loop() {
				n, _, err := convert(c.src, dst, o)
				if err != nil || n != rows {
					b.Fatal(n, err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
		})
	}

	parquetPath := filepath.Join(dir, "payments.parquet")
	if _, _, err := ToParquet(file, parquetPath); err != nil {
		b.Fatal(err)
	}
	csvPath := filepath.Join(dir, "payments.csv")
	db := openDB(b)
	if _, err := db.Exec(fmt.Sprintf(`COPY (SELECT * FROM read_parquet('%s')) TO '%s' (HEADER)`, parquetPath, csvPath)); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, scan string }{
		{"duckdb_read_parquet", fmt.Sprintf("read_parquet('%s')", parquetPath)},
		{"duckdb_read_csv", fmt.Sprintf("read_csv('%s')", csvPath)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.Exec("CREATE OR REPLACE TABLE t AS SELECT * FROM " + c.scan); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// watchHeap samples the live Go heap every millisecond until the returned
// function is called, which gives the highest sample above the first.
func watchHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := read()
	var (
		high = base // written by the sampler only, read after it stops
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				high = max(high, read())
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return high - base
	}
}
