package normalize

import (
	"fmt"
	"testing"
)

// benchInputs is a mix of the cell text the ledgers hold for each type.
var benchInputs = map[string][]string{
	"date":   {"2017-05-03", "2017/5/3", "2017年5月3日", "20170503", "42858", "2017-05-03 14:22:01", "2017-02-30", ""},
	"iso":    {"2017-05-03", "2016-02-29", "2020-12-31", "2017-02-30"},
	"plain":  {"1234.5", "12", "0.01", "100000"},
	"amount": {"1234.5", "1,234.50", "￥1,234.50", "12万", "(12.50)", "1.2E+4", "１，２３４．５０", "abc"},
	"int":    {"12", "1,234", "12.0", "12人", "-3", "12.5", ""},
	"id":     {"11010519491231002X", "510107199003071236", "510107199003071235", "5101071990030712"},
	"key":    {"unit_id", "Unit ID", "单位编码", "poverty_relief", "扶贫", "ＵＮＩＴ－ＩＤ"},
}

// reportRate adds a values/s metric.
func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "values/s")
}

func BenchmarkParseDate(b *testing.B) {
	in := benchInputs["date"]
	for i := 0; b.Loop(); i++ {
		ParseDate(in[i%len(in)])
	}
	reportRate(b)
}

func BenchmarkParseAmount(b *testing.B) {
	in := benchInputs["amount"]
	for i := 0; b.Loop(); i++ {
		ParseAmount(in[i%len(in)], false)
	}
	reportRate(b)
}

func BenchmarkParseInt(b *testing.B) {
	in := benchInputs["int"]
	for i := 0; b.Loop(); i++ {
		ParseInt(in[i%len(in)])
	}
	reportRate(b)
}

func BenchmarkCheckResidentID(b *testing.B) {
	in := benchInputs["id"]
	for i := 0; b.Loop(); i++ {
		CheckResidentID(in[i%len(in)])
	}
	reportRate(b)
}

func BenchmarkKey(b *testing.B) {
	in := benchInputs["key"]
	for i := 0; b.Loop(); i++ {
		Key(in[i%len(in)])
	}
	reportRate(b)
}

// BenchmarkSQL measures the SQL faces in DuckDB over a table of 1M cells
// (the mixes above), to compare with the Go parsers, and with DuckDB's own
// casts as a floor: values/s.
func BenchmarkSQL(b *testing.B) {
	const rows = 1 << 20
	db := openDB(b)
	for typ, in := range benchInputs {
		var vals string
		for i, s := range in {
			if i > 0 {
				vals += ", "
			}
			vals += sqlString(s)
		}
		q := fmt.Sprintf("CREATE TABLE %s AS SELECT ([%s])[i %% %d + 1] AS v FROM range(%d) r(i)", Ident("t_"+typ), vals, len(in), rows)
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name, typ string
		expr      func(string) string
	}{
		{"Text", "amount", SQLText},
		{"Key", "key", SQLKey},
		{"FoldWidth", "key", SQLFoldWidth},
		{"Date/mixed", "date", SQLDate},
		{"Date/iso", "iso", SQLDate},
		{"TRY_CAST_DATE/iso", "iso", func(x string) string { return "TRY_CAST(" + x + " AS DATE)" }},
		{"Amount/mixed", "amount", func(x string) string { return SQLAmount(x, false) }},
		{"Amount/plain", "plain", func(x string) string { return SQLAmount(x, false) }},
		{"TRY_CAST_DOUBLE/plain", "plain", func(x string) string { return "TRY_CAST(" + x + " AS DOUBLE)" }},
		{"Int/mixed", "int", SQLInt},
		{"ResidentIDReason", "id", SQLResidentIDReason},
	} {
		b.Run(bc.name, func(b *testing.B) {
			q := "SELECT count(" + bc.expr("v") + ") FROM " + Ident("t_"+bc.typ)
			for b.Loop() {
				var n int64
				if err := db.QueryRow(q).Scan(&n); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "values/s")
			b.ReportMetric(float64(len(q)), "sql-bytes")
		})
	}
}
