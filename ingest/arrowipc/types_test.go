package arrowipc

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
	"github.com/apache/arrow-go/v18/arrow/float16"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// typeCases are the Arrow types ToParquet writes, with what DuckDB 1.5.6
// reads back: its column type and the value cast to VARCHAR (the second
// row of every column is null and must stay NULL).
var typeCases = []struct {
	name     string
	typ      arrow.DataType
	fill     func(b array.Builder)
	wantType string
	wantText string
}{
	{"utf8", arrow.BinaryTypes.String, func(b array.Builder) { b.(*array.StringBuilder).Append("红星社区") }, "VARCHAR", "红星社区"},
	{"large_utf8", arrow.BinaryTypes.LargeString, func(b array.Builder) { b.(*array.LargeStringBuilder).Append("large") }, "VARCHAR", "large"},
	{"utf8_view", arrow.BinaryTypes.StringView, func(b array.Builder) {
		b.(*array.StringViewBuilder).Append("a view longer than twelve bytes")
	}, "VARCHAR", "a view longer than twelve bytes"},
	{"dictionary_int8_utf8", &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.BinaryTypes.String},
		func(b array.Builder) { must(b.(*array.BinaryDictionaryBuilder).AppendString("benefits")) }, "VARCHAR", "benefits"},
	{"dictionary_uint32_utf8", &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Uint32, ValueType: arrow.BinaryTypes.String},
		func(b array.Builder) { must(b.(*array.BinaryDictionaryBuilder).AppendString("land")) }, "VARCHAR", "land"},
	{"int64", arrow.PrimitiveTypes.Int64, func(b array.Builder) { b.(*array.Int64Builder).Append(-7) }, "BIGINT", "-7"},
	{"uint64", arrow.PrimitiveTypes.Uint64, func(b array.Builder) { b.(*array.Uint64Builder).Append(1<<64 - 1) }, "UBIGINT", "18446744073709551615"},
	{"int8", arrow.PrimitiveTypes.Int8, func(b array.Builder) { b.(*array.Int8Builder).Append(-3) }, "TINYINT", "-3"},
	{"float64", arrow.PrimitiveTypes.Float64, func(b array.Builder) { b.(*array.Float64Builder).Append(1234.5) }, "DOUBLE", "1234.5"},
	{"float64_whole", arrow.PrimitiveTypes.Float64, func(b array.Builder) { b.(*array.Float64Builder).Append(4800) }, "DOUBLE", "4800.0"},
	{"float32", arrow.PrimitiveTypes.Float32, func(b array.Builder) { b.(*array.Float32Builder).Append(0.1) }, "FLOAT", "0.1"},
	{"float16", arrow.FixedWidthTypes.Float16, func(b array.Builder) { b.(*array.Float16Builder).Append(float16.New(1.5)) }, "FLOAT", "1.5"},
	{"bool", arrow.FixedWidthTypes.Boolean, func(b array.Builder) { b.(*array.BooleanBuilder).Append(true) }, "BOOLEAN", "true"},
	{"decimal128_18_2", &arrow.Decimal128Type{Precision: 18, Scale: 2}, func(b array.Builder) {
		b.(*array.Decimal128Builder).Append(decimal128.FromI64(-123450))
	}, "DECIMAL(18,2)", "-1234.50"},
	{"decimal128_38_4", &arrow.Decimal128Type{Precision: 38, Scale: 4}, func(b array.Builder) {
		b.(*array.Decimal128Builder).Append(decimal128.FromI64(123456))
	}, "DECIMAL(38,4)", "12.3456"},
	{"decimal256_38_2", &arrow.Decimal256Type{Precision: 38, Scale: 2}, func(b array.Builder) {
		b.(*array.Decimal256Builder).Append(decimal256.FromI64(-123456))
	}, "DECIMAL(38,2)", "-1234.56"},
	{"date32", arrow.PrimitiveTypes.Date32, func(b array.Builder) {
		b.(*array.Date32Builder).Append(arrow.Date32FromTime(time.Date(2017, 5, 3, 0, 0, 0, 0, time.UTC)))
	}, "DATE", "2017-05-03"},
	{"date32_before_1970", arrow.PrimitiveTypes.Date32, func(b array.Builder) {
		b.(*array.Date32Builder).Append(arrow.Date32FromTime(time.Date(1949, 10, 1, 0, 0, 0, 0, time.UTC)))
	}, "DATE", "1949-10-01"},
	{"date64", arrow.FixedWidthTypes.Date64, func(b array.Builder) {
		b.(*array.Date64Builder).Append(arrow.Date64FromTime(time.Date(2017, 5, 3, 0, 0, 0, 0, time.UTC)))
	}, "DATE", "2017-05-03"},
	{"timestamp_s", &arrow.TimestampType{Unit: arrow.Second}, func(b array.Builder) {
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(time.Date(2017, 5, 3, 4, 5, 6, 0, time.UTC).Unix()))
	}, "TIMESTAMP", "2017-05-03 04:05:06"},
	{"timestamp_ms", &arrow.TimestampType{Unit: arrow.Millisecond}, func(b array.Builder) {
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(time.Date(2017, 5, 3, 4, 5, 6, 789e6, time.UTC).UnixMilli()))
	}, "TIMESTAMP", "2017-05-03 04:05:06.789"},
	{"timestamp_ns", &arrow.TimestampType{Unit: arrow.Nanosecond}, func(b array.Builder) {
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(time.Date(2017, 5, 3, 4, 5, 6, 123456789, time.UTC).UnixNano()))
	}, "TIMESTAMP_NS", "2017-05-03 04:05:06.123456789"},
	// A zoned timestamp is an instant; DuckDB shows it in UTC (its
	// TimeZone setting here), so 04:05 in Chengdu reads as 20:05 the day
	// before.
	{"timestamp_us_shanghai", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Asia/Shanghai"}, func(b array.Builder) {
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(time.Date(2017, 5, 3, 4, 5, 6, 0, shanghai()).UnixMicro()))
	}, "TIMESTAMP WITH TIME ZONE", "2017-05-02 20:05:06+00"},
	{"timestamp_s_utc", &arrow.TimestampType{Unit: arrow.Second, TimeZone: "UTC"}, func(b array.Builder) {
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(time.Date(2017, 5, 3, 4, 5, 6, 0, time.UTC).Unix()))
	}, "TIMESTAMP WITH TIME ZONE", "2017-05-03 04:05:06+00"},
	{"time32_s", arrow.FixedWidthTypes.Time32s, func(b array.Builder) { b.(*array.Time32Builder).Append(3661) }, "TIME", "01:01:01"},
	{"time64_us", arrow.FixedWidthTypes.Time64us, func(b array.Builder) { b.(*array.Time64Builder).Append(3661_000_001) }, "TIME", "01:01:01.000001"},
	{"binary", arrow.BinaryTypes.Binary, func(b array.Builder) { b.(*array.BinaryBuilder).Append([]byte{0, 'a'}) }, "BLOB", `\x00a`},
	{"binary_view", arrow.BinaryTypes.BinaryView, func(b array.Builder) { b.(*array.BinaryViewBuilder).Append([]byte("bv")) }, "BLOB", "bv"},
	{"fixed_size_binary", &arrow.FixedSizeBinaryType{ByteWidth: 3}, func(b array.Builder) {
		b.(*array.FixedSizeBinaryBuilder).Append([]byte("abc"))
	}, "BLOB", "abc"},
	{"null", arrow.Null, func(b array.Builder) { b.AppendNull() }, "INTEGER", "NULL"},
	{"list_utf8", arrow.ListOf(arrow.BinaryTypes.String), func(b array.Builder) {
		lb := b.(*array.ListBuilder)
		lb.Append(true)
		lb.ValueBuilder().(*array.StringBuilder).AppendValues([]string{"a", "b"}, nil)
	}, "VARCHAR[]", "[a, b]"},
	{"struct", arrow.StructOf(arrow.Field{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true}), func(b array.Builder) {
		sb := b.(*array.StructBuilder)
		sb.Append(true)
		sb.FieldBuilder(0).(*array.Int64Builder).Append(1)
	}, "STRUCT(n BIGINT)", "{'n': 1}"},
	{"map", arrow.MapOf(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int64), func(b array.Builder) {
		mb := b.(*array.MapBuilder)
		mb.Append(true)
		mb.KeyBuilder().(*array.StringBuilder).Append("k")
		mb.ItemBuilder().(*array.Int64Builder).Append(1)
	}, "MAP(VARCHAR, BIGINT)", "{k=1}"},
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600) // no zoneinfo: China has no DST
	}
	return loc
}

func TestToParquetTypes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var fields []arrow.Field
	var cols []arrow.Array
	for _, c := range typeCases {
		b := array.NewBuilder(mem, c.typ)
		c.fill(b)
		b.AppendNull()
		cols = append(cols, b.NewArray())
		b.Release()
		fields = append(fields, arrow.Field{Name: c.name, Type: c.typ, Nullable: true})
	}
	schema := arrow.NewSchema(fields, nil)
	rec := array.NewRecordBatch(schema, cols, 2)
	for _, c := range cols {
		c.Release()
	}
	db := openDB(t)
	for _, format := range []Format{File, Stream} {
		t.Run(format.String(), func(t *testing.T) {
			src := tempPath(t, "types.arrow")
			writeIPC(t, src, format, schema, []arrow.RecordBatch{rec})
			dst := tempPath(t, "types.parquet")
			o := defaultOptions()
			o.mem = mem
			if _, _, err := convert(src, dst, o); err != nil {
				t.Fatal(err)
			}
			types := describeTypes(t, dst)
			for i, c := range typeCases {
				if types[i] != c.wantType {
					t.Errorf("%s: DuckDB type %s; want %s", c.name, types[i], c.wantType)
				}
				got := queryStrings(t, db, fmt.Sprintf(`SELECT CAST(%q AS VARCHAR) FROM read_parquet(?)`, c.name), dst)
				if want := []string{c.wantText, "NULL"}; !slices.Equal(got, want) {
					t.Errorf("%s: CAST AS VARCHAR = %q; want %q", c.name, got, want)
				}
			}
		})
	}
	rec.Release()
}

// emptyOf returns a zero-length array of type dt.
func emptyOf(dt arrow.DataType) arrow.Array {
	return array.MakeArrayOfNull(memory.DefaultAllocator, dt, 0)
}

func TestToParquetUnsupportedTypes(t *testing.T) {
	fields := []arrow.Field{
		{Name: "unit_id", Type: arrow.BinaryTypes.String},
		{Name: "term", Type: arrow.FixedWidthTypes.Duration_s},
		{Name: "gap", Type: arrow.FixedWidthTypes.MonthDayNanoInterval},
		{Name: "wide", Type: &arrow.Decimal256Type{Precision: 40, Scale: 2}},
		{Name: "small", Type: &arrow.Decimal64Type{Precision: 12, Scale: 2}},
		{Name: "runs", Type: arrow.RunEndEncodedOf(arrow.PrimitiveTypes.Int32, arrow.BinaryTypes.String)},
		{Name: "choice", Type: arrow.DenseUnionOf([]arrow.Field{{Name: "i", Type: arrow.PrimitiveTypes.Int64}}, []arrow.UnionTypeCode{0})},
		{Name: "views", Type: arrow.ListViewOf(arrow.PrimitiveTypes.Int64)},
		{Name: "tags", Type: arrow.ListOf(arrow.BinaryTypes.StringView)},
		{Name: "amount_yuan", Type: arrow.PrimitiveTypes.Float64},
	}
	want := []string{"term", "gap", "wide", "small", "runs", "choice", "views", "tags"}
	schema := arrow.NewSchema(fields, nil)
	for _, format := range []Format{File, Stream} {
		t.Run(format.String(), func(t *testing.T) {
			var cols []arrow.Array
			for _, f := range fields {
				cols = append(cols, emptyOf(f.Type))
			}
			rec := array.NewRecordBatch(schema, cols, 0)
			src := tempPath(t, "odd.arrow")
			writeIPC(t, src, format, schema, []arrow.RecordBatch{rec})
			dst := tempPath(t, "odd.parquet")
			_, _, err := ToParquet(src, dst)
			var e *Error
			if !errors.Is(err, ErrUnsupportedType) || !errors.As(err, &e) {
				t.Fatalf("err = %v; want an *Error wrapping ErrUnsupportedType", err)
			}
			if !slices.Equal(e.Fields, want) || e.Path != src {
				t.Errorf("Fields, Path = %v, %s; want %v, %s", e.Fields, e.Path, want, src)
			}
			for _, name := range want {
				if !strings.Contains(err.Error(), "field "+name+" (") {
					t.Errorf("error does not name field %s: %v", name, err)
				}
			}
			if _, err := os.Stat(dst); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("dst written despite the error")
			}
		})
	}
}

func TestToParquetSchemaErrors(t *testing.T) {
	cases := []struct {
		name    string
		fields  []arrow.Field
		want    error
		fields2 []string
	}{
		{"duplicate_ignoring_case", []arrow.Field{
			{Name: "amount_yuan", Type: arrow.PrimitiveTypes.Float64},
			{Name: "unit_id", Type: arrow.BinaryTypes.String},
			{Name: "Amount_Yuan", Type: arrow.PrimitiveTypes.Float64},
		}, ErrDuplicateField, []string{"Amount_Yuan"}},
		{"no_fields", nil, ErrNoFields, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			schema := arrow.NewSchema(c.fields, nil)
			src := tempPath(t, "x.arrows")
			writeIPC(t, src, Stream, schema, nil)
			_, _, err := ToParquet(src, tempPath(t, "x.parquet"))
			var e *Error
			if !errors.Is(err, c.want) || !errors.As(err, &e) || !slices.Equal(e.Fields, c.fields2) {
				t.Fatalf("err = %v (fields %v); want %v naming %v", err, e, c.want, c.fields2)
			}
		})
	}
}
