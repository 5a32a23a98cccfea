package arrowipc

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

var writeFixtures = flag.Bool("fixtures", false, "rewrite testdata/cases.arrow and testdata/cases.parquet")

// casesSchema is the cases ledger (DESIGN.md, input contract) with the
// types an upstream Arrow or Parquet export would use.
var casesSchema = arrow.NewSchema([]arrow.Field{
	{Name: "case_id", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "unit_id", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "filed_on", Type: arrow.PrimitiveTypes.Date32, Nullable: true},
	{Name: "domain", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "violation", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "source", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "persons", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "sanctioned", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "leaders_accountable", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "amount_yuan", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "exposed", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
	{Name: "closed_on", Type: arrow.PrimitiveTypes.Date32, Nullable: true},
}, nil)

// casesRows are the fixture's rows; testdata/README.md describes them.
var casesRows = [][]any{
	{"C2017-001", "510104001001", "2017-05-03", "poverty_relief", "embezzlement", "petition", int64(2), int64(2), int64(1), 12345.67, true, "2017-09-30"},
	{"C2018-002", "510104001002", "2018-03-15", "benefits", "fraud", "inspection_tour", int64(1), int64(1), int64(0), 4800.0, false, nil},
	{"C2019-003", "510104001901", "2019-11-20", "three_assets", "misappropriation", "audit", int64(3), int64(2), int64(1), 250000.0, true, "2020-06-30"},
	{"C2020-004", "999999", "2020-01-08", "land", "bribery", "referral", int64(1), int64(1), int64(0), 88000.0, false, "2020-08-01"},
	{nil, "510104001001", "2021-04-02", "health", "dereliction", "self_report", int64(1), int64(0), int64(0), nil, false, nil},
}

// casesText is what DuckDB gives for the fixture, every column cast to
// VARCHAR and joined with "|": what the ingest will parse.
var casesText = []string{
	"C2017-001|510104001001|2017-05-03|poverty_relief|embezzlement|petition|2|2|1|12345.67|true|2017-09-30",
	"C2018-002|510104001002|2018-03-15|benefits|fraud|inspection_tour|1|1|0|4800.0|false|NULL",
	"C2019-003|510104001901|2019-11-20|three_assets|misappropriation|audit|3|2|1|250000.0|true|2020-06-30",
	"C2020-004|999999|2020-01-08|land|bribery|referral|1|1|0|88000.0|false|2020-08-01",
	"NULL|510104001001|2021-04-02|health|dereliction|self_report|1|0|0|NULL|false|NULL",
}

var casesTypes = []string{"VARCHAR", "VARCHAR", "DATE", "VARCHAR", "VARCHAR", "VARCHAR",
	"BIGINT", "BIGINT", "BIGINT", "DOUBLE", "BOOLEAN", "DATE"}

// TestWriteFixtures rewrites the committed fixtures when run with
// -fixtures:
//
//	go test ./ingest/arrowipc -run TestWriteFixtures -fixtures
func TestWriteFixtures(t *testing.T) {
	if !*writeFixtures {
		t.Skip("run with -fixtures to rewrite testdata/cases.arrow and testdata/cases.parquet")
	}
	rec := record(t, memory.DefaultAllocator, casesSchema, casesRows...)
	defer rec.Release()
	writeIPC(t, filepath.Join("testdata", "cases.arrow"), File, casesSchema, []arrow.RecordBatch{rec})

	f, err := os.Create(filepath.Join("testdata", "cases.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy))
	w, err := pqarrow.NewFileWriter(casesSchema, f, props, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil { // closes f as well
		t.Fatal(err)
	}
}

// TestFixtures checks that the committed fixtures hold what
// testdata/README.md says, as DuckDB reads them.
func TestFixtures(t *testing.T) {
	dst := tempPath(t, "cases.parquet")
	rows, fields, err := ToParquet(filepath.Join("testdata", "cases.arrow"), dst)
	if err != nil {
		t.Fatal(err)
	}
	wantFields := casesSchema.Fields()
	if rows != 5 || len(fields) != len(wantFields) {
		t.Fatalf("cases.arrow: rows, fields = %d, %v", rows, fields)
	}
	if f, err := Kind(filepath.Join("testdata", "cases.arrow")); f != File || err != nil {
		t.Errorf("Kind(cases.arrow) = %v, %v", f, err)
	}
	if f, err := Kind(filepath.Join("testdata", "cases.parquet")); f != NotArrow || err != nil {
		t.Errorf("Kind(cases.parquet) = %v, %v", f, err)
	}
	cols := make([]string, len(fields))
	for i, f := range fields {
		if f != wantFields[i].Name {
			t.Errorf("field %d = %s; want %s", i, f, wantFields[i].Name)
		}
		cols[i] = "coalesce(CAST(" + f + " AS VARCHAR), 'NULL')"
	}
	query := "SELECT concat_ws('|', " + strings.Join(cols, ", ") + ") FROM read_parquet(?)"
	db := openDB(t)
	for name, path := range map[string]string{"cases.arrow": dst, "cases.parquet": filepath.Join("testdata", "cases.parquet")} {
		if got := queryStrings(t, db, query, path); !slices.Equal(got, casesText) {
			t.Errorf("%s as VARCHAR:\n got %q\nwant %q", name, got, casesText)
		}
		if got := describeTypes(t, path); !slices.Equal(got, casesTypes) {
			t.Errorf("%s: DuckDB types %v; want %v", name, got, casesTypes)
		}
	}
}
