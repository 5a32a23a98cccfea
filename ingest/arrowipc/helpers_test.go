package arrowipc

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	_ "github.com/duckdb/duckdb-go/v2"
)

// This file builds Arrow IPC test files. It is test code on purpose: the
// library reads Arrow, it does not write it.

// record builds one record batch from rows of Go values, one per field:
// nil is null; strings fill string, dictionary, view, decimal ("1234.50")
// and date ("2017-05-03") columns; time.Time fills timestamps; int64,
// float64 and bool fill the columns of those types.
func record(t testing.TB, mem memory.Allocator, schema *arrow.Schema, rows ...[]any) arrow.RecordBatch {
	t.Helper()
	return recordWith(t, mem, schema, nil, rows...)
}

// recordWith is record with prep called on the builder first (to seed a
// dictionary, say).
func recordWith(t testing.TB, mem memory.Allocator, schema *arrow.Schema, prep func(*array.RecordBuilder) error, rows ...[]any) arrow.RecordBatch {
	t.Helper()
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	if prep != nil {
		if err := prep(b); err != nil {
			t.Fatal(err)
		}
	}
	for r, row := range rows {
		if len(row) != schema.NumFields() {
			t.Fatalf("row %d has %d values for %d fields", r, len(row), schema.NumFields())
		}
		for i, v := range row {
			if err := appendValue(b.Field(i), schema.Field(i).Type, v); err != nil {
				t.Fatalf("row %d field %s: %v", r, schema.Field(i).Name, err)
			}
		}
	}
	return b.NewRecordBatch()
}

func appendValue(fb array.Builder, dt arrow.DataType, v any) error {
	if v == nil {
		fb.AppendNull()
		return nil
	}
	switch b := fb.(type) {
	case *array.StringBuilder:
		b.Append(v.(string))
	case *array.LargeStringBuilder:
		b.Append(v.(string))
	case *array.StringViewBuilder:
		b.Append(v.(string))
	case *array.BinaryDictionaryBuilder:
		return b.AppendString(v.(string))
	case *array.Int64Builder:
		b.Append(v.(int64))
	case *array.Float64Builder:
		b.Append(v.(float64))
	case *array.BooleanBuilder:
		b.Append(v.(bool))
	case *array.Date32Builder:
		d, err := time.Parse(time.DateOnly, v.(string))
		if err != nil {
			return err
		}
		b.Append(arrow.Date32FromTime(d))
	case *array.TimestampBuilder:
		ts, err := arrow.TimestampFromTime(v.(time.Time), dt.(*arrow.TimestampType).Unit)
		if err != nil {
			return err
		}
		b.Append(ts)
	case *array.Decimal128Builder:
		d := dt.(*arrow.Decimal128Type)
		n, err := decimal128.FromString(v.(string), d.Precision, d.Scale)
		if err != nil {
			return err
		}
		b.Append(n)
	case *array.Decimal256Builder:
		d := dt.(*arrow.Decimal256Type)
		n, err := decimal256.FromString(v.(string), d.Precision, d.Scale)
		if err != nil {
			return err
		}
		b.Append(n)
	default:
		return fmt.Errorf("no test builder for %T", fb)
	}
	return nil
}

// writeIPC writes the record batches to path as an Arrow IPC file or stream.
func writeIPC(t testing.TB, path string, format Format, schema *arrow.Schema, recs []arrow.RecordBatch, opts ...ipc.Option) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opts = append([]ipc.Option{ipc.WithSchema(schema)}, opts...)
	type writer interface {
		Write(arrow.RecordBatch) error
		Close() error
	}
	var w writer
	switch format {
	case File:
		fw, err := ipc.NewFileWriter(f, opts...)
		if err != nil {
			t.Fatal(err)
		}
		w = fw
	case Stream:
		w = ipc.NewWriter(f, opts...)
	default:
		t.Fatalf("writeIPC: format %v", format)
	}
	for _, rec := range recs {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func release(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

// openDB opens an in-memory DuckDB.
func openDB(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// seedDictionary returns a prep function for recordWith that puts values,
// in order, in the dictionary of field i.
func seedDictionary(mem memory.Allocator, i int, values ...string) func(*array.RecordBuilder) error {
	if values == nil {
		return nil
	}
	return func(b *array.RecordBuilder) error {
		sb := array.NewStringBuilder(mem)
		defer sb.Release()
		sb.AppendValues(values, nil)
		arr := sb.NewStringArray()
		defer arr.Release()
		return b.Field(i).(*array.BinaryDictionaryBuilder).InsertStringDictValues(arr)
	}
}

// queryStrings reads a query's single-column result as strings, "NULL" for null.
func queryStrings(t testing.TB, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		if s.Valid {
			out = append(out, s.String)
		} else {
			out = append(out, "NULL")
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func tempPath(t testing.TB, name string) string { return filepath.Join(t.TempDir(), name) }

// syntheticPayments returns batches × rows payments with the
// paymentsSchema columns, built directly (fast enough for a million rows):
// payment_id "P0", "P1", … in order, every 97th payee_id null.
func syntheticPayments(t testing.TB, mem memory.Allocator, batches, rows int) []arrow.RecordBatch {
	t.Helper()
	units := []string{"510104001001", "510104001002", "510104001901", "510104002001"}
	programs := []string{"benefits", "poverty_relief", "special_funds", "three_assets", "public_service"}
	base := arrow.Date32FromTime(time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC))
	var out []arrow.RecordBatch
	k := 0
	for range batches {
		b := array.NewRecordBuilder(mem, paymentsSchema)
		for range rows {
			b.Field(0).(*array.StringBuilder).Append(fmt.Sprintf("P%d", k))
			b.Field(1).(*array.StringBuilder).Append(units[k%len(units)])
			if err := b.Field(2).(*array.BinaryDictionaryBuilder).AppendString(programs[k%len(programs)]); err != nil {
				t.Fatal(err)
			}
			if k%97 == 0 {
				b.Field(3).AppendNull()
			} else {
				b.Field(3).(*array.StringBuilder).Append(fmt.Sprintf("payee-%d", k%5003))
			}
			b.Field(4).(*array.Decimal128Builder).Append(decimal128.FromI64(int64(k%100_000) * 37))
			b.Field(5).(*array.Date32Builder).Append(base + arrow.Date32(k%3000))
			b.Field(6).(*array.TimestampBuilder).Append(arrow.Timestamp(1_451_606_400 + int64(k)*60))
			k++
		}
		out = append(out, b.NewRecordBatch())
		b.Release()
	}
	return out
}
