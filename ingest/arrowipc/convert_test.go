package arrowipc

import (
	"errors"
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

// paymentsSchema is the payments ledger as an upstream system might export
// it to Arrow: a dictionary-encoded program, decimal amounts, date32 dates,
// a timestamp in seconds, and payment_id declared non-null.
var paymentsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "payment_id", Type: arrow.BinaryTypes.String},
	{Name: "unit_id", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "program", Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int16, ValueType: arrow.BinaryTypes.String}, Nullable: true},
	{Name: "payee_id", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "amount_yuan", Type: &arrow.Decimal128Type{Precision: 18, Scale: 2}, Nullable: true},
	{Name: "paid_on", Type: arrow.PrimitiveTypes.Date32, Nullable: true},
	{Name: "approved_at", Type: &arrow.TimestampType{Unit: arrow.Second}, Nullable: true},
}, nil)

var paymentsFields = []string{"payment_id", "unit_id", "program", "payee_id", "amount_yuan", "paid_on", "approved_at"}

func at(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

// paymentsBatches returns two record batches with nulls in every nullable
// column. The program dictionary of batch i starts with dicts[i]; with no
// dicts, each batch builds its own and the two differ (a replacement
// dictionary, which only the stream format allows).
func paymentsBatches(t testing.TB, mem memory.Allocator, dicts ...[]string) []arrow.RecordBatch {
	seed := func(i int) func(*array.RecordBuilder) error {
		if i < len(dicts) {
			return seedDictionary(mem, 2, dicts[i]...)
		}
		return nil
	}
	return []arrow.RecordBatch{
		recordWith(t, mem, paymentsSchema, seed(0),
			[]any{"P1", "510104001001", "benefits", "payee-1", "1234.50", "2017-05-03", at("2017-05-03 09:30:00")},
			[]any{"P2", "510104001001", "poverty_relief", nil, "800.00", "2017-05-04", nil},
			[]any{"P3", "510104001002", nil, "payee-3", nil, "2016-12-31", at("2016-12-31 23:59:59")},
		),
		recordWith(t, mem, paymentsSchema, seed(1),
			[]any{"P4", "510104001901", "special_funds", "payee-4", "-20.05", nil, at("2018-01-01 00:00:00")},
			[]any{"P5", nil, "benefits", "payee-5", "1000000000000000.00", "2018-01-01", nil},
		),
	}
}

// What DuckDB must give for the payments batches, cast to VARCHAR the way
// the ingest reads a Parquet file: ISO dates, plain decimals, NULL kept.
var (
	paymentsTypes = []string{"VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DECIMAL(18,2)", "DATE", "TIMESTAMP"}
	paymentsRows  = []string{
		"P1|510104001001|benefits|payee-1|1234.50|2017-05-03|2017-05-03 09:30:00",
		"P2|510104001001|poverty_relief|NULL|800.00|2017-05-04|NULL",
		"P3|510104001002|NULL|payee-3|NULL|2016-12-31|2016-12-31 23:59:59",
		"P4|510104001901|special_funds|payee-4|-20.05|NULL|2018-01-01 00:00:00",
		"P5|NULL|benefits|payee-5|1000000000000000.00|2018-01-01|NULL",
	}
	// 1234.50 + 800.00 - 20.05 + 1000000000000000.00
	paymentsSummary = "5|1000000000002014.45|2016-12-31"
)

const castRows = `SELECT concat_ws('|', coalesce(CAST(payment_id AS VARCHAR), 'NULL'), coalesce(CAST(unit_id AS VARCHAR), 'NULL'),
  coalesce(CAST(program AS VARCHAR), 'NULL'), coalesce(CAST(payee_id AS VARCHAR), 'NULL'),
  coalesce(CAST(amount_yuan AS VARCHAR), 'NULL'), coalesce(CAST(paid_on AS VARCHAR), 'NULL'),
  coalesce(CAST(approved_at AS VARCHAR), 'NULL')) FROM read_parquet(?)`

func TestToParquetPayments(t *testing.T) {
	all := []string{"benefits", "poverty_relief", "special_funds"}
	cases := []struct {
		name   string
		format Format
		dicts  [][]string
		opts   []ipc.Option
	}{
		{"file", File, [][]string{all, all}, nil},
		{"stream_replaced_dictionary", Stream, nil, nil},
		{"file_zstd_body", File, [][]string{all, all}, []ipc.Option{ipc.WithZstd()}},
		{"stream_lz4_body", Stream, nil, []ipc.Option{ipc.WithLZ4()}},
		{"stream_dictionary_delta", Stream, [][]string{all[:2], all}, []ipc.Option{ipc.WithDictionaryDeltas(true)}},
	}
	db := openDB(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			src := tempPath(t, "payments.arrow")
			recs := paymentsBatches(t, mem, c.dicts...)
			writeIPC(t, src, c.format, paymentsSchema, recs, c.opts...)
			release(recs)

			if got, err := Kind(src); err != nil || got != c.format {
				t.Fatalf("Kind = %v, %v; want %v", got, err, c.format)
			}
			dst := filepath.Join(t.TempDir(), "payments.parquet")
			o := defaultOptions()
			o.mem = mem
			rows, fields, err := convert(src, dst, o)
			if err != nil {
				t.Fatal(err)
			}
			if rows != 5 || !slices.Equal(fields, paymentsFields) {
				t.Errorf("rows, fields = %d, %v; want 5, %v", rows, fields, paymentsFields)
			}
			if got := describeTypes(t, dst); !slices.Equal(got, paymentsTypes) {
				t.Errorf("DuckDB types = %v; want %v", got, paymentsTypes)
			}
			summary := queryStrings(t, db, `SELECT concat_ws('|', count(*), sum(amount_yuan), min(paid_on)) FROM read_parquet(?)`, dst)
			if len(summary) != 1 || summary[0] != paymentsSummary {
				t.Errorf("count, sum, min = %q; want %q", summary, paymentsSummary)
			}
			if got := queryStrings(t, db, castRows, dst); !slices.Equal(got, paymentsRows) {
				t.Errorf("rows as VARCHAR:\n got %q\nwant %q", got, paymentsRows)
			}
		})
	}
}

// describeTypes returns the column types DuckDB reads from a Parquet file.
func describeTypes(t testing.TB, path string) []string {
	t.Helper()
	return queryStrings(t, openDB(t), `SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))`, path)
}

func TestToParquetEmptyStream(t *testing.T) {
	src := tempPath(t, "payments.arrows")
	writeIPC(t, src, Stream, paymentsSchema, nil)
	dst := tempPath(t, "payments.parquet")
	rows, fields, err := ToParquet(src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if rows != 0 || !slices.Equal(fields, paymentsFields) {
		t.Errorf("rows, fields = %d, %v; want 0, %v", rows, fields, paymentsFields)
	}
	if got := describeTypes(t, dst); !slices.Equal(got, paymentsTypes) {
		t.Errorf("DuckDB types = %v; want %v", got, paymentsTypes)
	}
	if got := queryStrings(t, openDB(t), `SELECT CAST(count(*) AS VARCHAR) FROM read_parquet(?)`, dst); !slices.Equal(got, []string{"0"}) {
		t.Errorf("count = %v", got)
	}
}

// TestToParquetManyBatches checks that batches are gathered into row groups
// cut at the row cap, or earlier at the byte cap, and come back in order.
func TestToParquetManyBatches(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	src := tempPath(t, "payments.arrows")
	recs := syntheticPayments(t, mem, 10, 1000)
	writeIPC(t, src, Stream, recs[0].Schema(), recs)
	release(recs)
	db := openDB(t)
	for _, c := range []struct {
		name       string
		rows       int64
		bytes      int64
		wantGroups string // count, max rows
	}{
		{"row_cap", 3000, rowGroupBytes, "4|3000"},
		// A batch of 1000 of these rows takes 67.7 KB as Arrow: a third
		// batch would take a group past 150 KiB.
		{"byte_cap", 1 << 20, 150 << 10, "5|2000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := tempPath(t, "payments.parquet")
			o := defaultOptions()
			o.mem, o.rowGroupRows, o.rowGroupBytes = mem, c.rows, c.bytes
			rows, _, err := convert(src, dst, o)
			if err != nil {
				t.Fatal(err)
			}
			if rows != 10_000 {
				t.Errorf("rows = %d; want 10000", rows)
			}
			got := queryStrings(t, db, `SELECT concat_ws('|', count(*), max(row_group_num_rows))
FROM parquet_metadata(?) WHERE column_id = 0`, dst)
			if want := []string{c.wantGroups}; !slices.Equal(got, want) {
				t.Errorf("row groups (count, max rows) = %v; want %v", got, want)
			}
			got = queryStrings(t, db, `SELECT CAST(bool_and(payment_id = 'P' || (k - 1)) AS VARCHAR)
FROM (SELECT payment_id, row_number() OVER () AS k FROM read_parquet(?))`, dst)
			if !slices.Equal(got, []string{"true"}) {
				t.Errorf("rows out of order")
			}
		})
	}
}

func TestToParquetReplacesDstOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "payments.arrows")
	recs := paymentsBatches(t, memory.DefaultAllocator)
	writeIPC(t, src, Stream, paymentsSchema, recs)
	release(recs)
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.arrows")
	if err := os.WriteFile(cut, data[:len(data)-100], 0o600); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "out.parquet")
	if err := os.WriteFile(dst, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ToParquet(cut, dst); !errors.Is(err, ErrTruncated) {
		t.Fatalf("err = %v; want ErrTruncated", err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "old" {
		t.Errorf("dst changed by a failed conversion: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("temporary file left behind: %v", entries)
	}
	if _, _, err := ToParquet(src, dst); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); !strings.HasPrefix(string(b), "PAR1") {
		t.Errorf("dst not replaced on success")
	}
}
