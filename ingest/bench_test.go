package ingest

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/microrisk/microrisk/store"
)

// The two benchmarks load the same 200,000-row payments file: our ingest
// (checks, pseudonyms, rejects, lineage) and DuckDB's own read_csv into a
// table. Compare their rows/s: go test ./ingest -run X -bench Payments.
// `make bench` does the same at 10 million rows with peak memory.

const benchRows = 200_000

func BenchmarkPaymentsIngest(b *testing.B) {
	dir := b.TempDir()
	units, payments, rows := writePayments(b, dir, benchRows)
	ctx := context.Background()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), "b.duckdb"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := LoadFile(ctx, db, units, Options{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		r, err := LoadFile(ctx, db, payments, Options{Key: InsecureTestKey})
		total += time.Since(start)
		b.StopTimer()
		if err != nil || r[0].Loaded != rows {
			b.Fatalf("%+v, %v", r, err)
		}
		db.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/total.Seconds(), "rows/s")
}

func BenchmarkPaymentsDuckDBReadCSV(b *testing.B) {
	dir := b.TempDir()
	_, payments, rows := writePayments(b, dir, benchRows)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sql.Open("duckdb", filepath.Join(b.TempDir(), "b.duckdb"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		_, err = db.Exec(`CREATE TABLE t AS SELECT * FROM read_csv('` + payments + `')`)
		total += time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/total.Seconds(), "rows/s")
}
