package normalize

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	_ "github.com/duckdb/duckdb-go/v2"
)

// A face pairs a Go parser with the SQL outputs that must agree with it.
type face struct {
	kind  string                    // how "want" in values.json is read: time, float, int, bool, string
	parse func(string) (any, error) // the Go face
	outs  []sqlOut                  // the SQL faces
}

// An sqlOut is one SQL expression and what it must yield given the Go result.
// A nil expectation means SQL NULL.
type sqlOut struct {
	name string
	expr func(x string) string
	want func(v any, err error) any
}

// valueOrNull is the expectation of a typed SQL face: the Go value, or NULL on
// any error.
func valueOrNull(v any, err error) any {
	if err != nil {
		return nil
	}
	return v
}

// emptyOut checks the rule the ingest uses to tell empty from invalid:
// SQLText(x) IS NULL exactly when the Go face says ErrEmpty.
var emptyOut = sqlOut{
	name: "empty",
	expr: func(x string) string { return "CASE WHEN " + x + " IS NOT NULL THEN " + SQLText(x) + " IS NULL END" },
	want: func(_ any, err error) any { return errors.Is(err, ErrEmpty) },
}

func typed(name string, expr func(string) string) sqlOut {
	return sqlOut{name: name, expr: expr, want: valueOrNull}
}

func dateFace(date1904 bool) face {
	parse, ts, day := ParseDate, SQLTimestamp, SQLDate
	if date1904 {
		parse, ts, day = ParseDate1904, SQLTimestamp1904, SQLDate1904
	}
	return face{
		kind:  "time",
		parse: func(s string) (any, error) { return parse(s) },
		outs: []sqlOut{typed("timestamp", ts), emptyOut, {
			name: "date", expr: day,
			want: func(v any, err error) any {
				if err != nil {
					return nil
				}
				return v.(time.Time).Truncate(24 * time.Hour)
			},
		}},
	}
}

func amountFace(wan bool) face {
	return face{
		kind:  "float",
		parse: func(s string) (any, error) { return ParseAmount(s, wan) },
		outs:  []sqlOut{typed("amount", func(x string) string { return SQLAmount(x, wan) }), emptyOut},
	}
}

func intFace(signed bool) face {
	parse, sqlf := ParseCount, SQLCount
	if signed {
		parse, sqlf = ParseInt, SQLInt
	}
	return face{
		kind:  "int",
		parse: func(s string) (any, error) { return parse(s) },
		outs:  []sqlOut{typed("int", sqlf), emptyOut},
	}
}

func idFace() face {
	return face{
		kind:  "string",
		parse: func(s string) (any, error) { return ResidentID(s) },
		outs: []sqlOut{typed("normalised", SQLResidentID), emptyOut, {
			name: "valid", expr: SQLResidentIDValid,
			want: func(_ any, err error) any {
				if errors.Is(err, ErrEmpty) {
					return nil
				}
				return err == nil
			},
		}, {
			name: "reason", expr: SQLResidentIDReason,
			want: func(_ any, err error) any {
				if err == nil || errors.Is(err, ErrEmpty) {
					return nil
				}
				return err.Error()
			},
		}},
	}
}

// stringFace is for the string functions: Go "" is SQL NULL when emptyNull.
func stringFace(f func(string) string, sqlf func(string) string, emptyNull bool) face {
	return face{
		kind: "string",
		parse: func(s string) (any, error) {
			v := f(s)
			if v == "" && emptyNull {
				return nil, ErrEmpty
			}
			return v, nil
		},
		outs: []sqlOut{typed("value", sqlf)},
	}
}

// faces maps the type names of values.json to their faces.
var faces = map[string]face{
	"date":        dateFace(false),
	"date1904":    dateFace(true),
	"amount":      amountFace(false),
	"amount_wan":  amountFace(true),
	"count":       intFace(false),
	"int":         intFace(true),
	"bool":        {kind: "bool", parse: func(s string) (any, error) { return ParseBool(s) }, outs: []sqlOut{typed("bool", SQLBool), emptyOut}},
	"resident_id": idFace(),
	"text":        stringFace(Text, SQLText, true),
	"fold_width":  stringFace(FoldWidth, SQLFoldWidth, false),
	"key":         stringFace(Key, SQLKey, true),
}

// canon renders a value for comparison. Doubles are compared exactly on
// purpose: both faces do the same IEEE arithmetic, and a rounded amount
// round(y*100)/100 is the double nearest to its decimal, as is the JSON
// number in the table.
func canon(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return v.UTC().Format("2006-01-02T15:04:05.999999")
	case float64:
		return strconv.FormatFloat(v+0, 'g', -1, 64) // +0 turns -0 into 0
	case int64:
		return strconv.FormatInt(v, 10)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return strconv.Quote(v)
	}
	return fmt.Sprintf("%T(%v)", v, v)
}

// openDB opens an in-memory DuckDB for a test.
func openDB(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// sqlValue reports whether s can be a DuckDB VARCHAR (valid UTF-8, no NUL).
func sqlValue(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// runSQL evaluates every output of f for each input (nil = SQL NULL) in one
// query and returns the rows, one slice of outputs per input.
func runSQL(tb testing.TB, db *sql.DB, f face, inputs []*string) [][]any {
	tb.Helper()
	var rows []string
	for i, in := range inputs {
		lit := "NULL"
		if in != nil {
			lit = sqlString(*in)
		}
		rows = append(rows, fmt.Sprintf("(%d, %s)", i, lit))
	}
	cols := make([]string, len(f.outs))
	for i, o := range f.outs {
		cols[i] = o.expr("v") + " AS " + Ident(o.name)
	}
	q := "SELECT i, " + strings.Join(cols, ",\n") +
		"\nFROM (SELECT i, CAST(v AS VARCHAR) AS v FROM (VALUES " + strings.Join(rows, ", ") + ") t(i, v)) ORDER BY i"
	res, err := db.Query(q)
	if err != nil {
		tb.Fatalf("query: %v\n%s", err, q)
	}
	defer res.Close()
	out := make([][]any, len(inputs))
	for res.Next() {
		var i int
		vals := make([]any, len(f.outs))
		ptrs := []any{&i}
		for k := range vals {
			ptrs = append(ptrs, &vals[k])
		}
		if err := res.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		out[i] = vals
	}
	if err := res.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// checkAgreement compares SQL outputs with what the Go result implies.
func checkAgreement(tb testing.TB, f face, in *string, sqlVals []any) {
	tb.Helper()
	var v any
	var err error
	if in != nil {
		v, err = f.parse(*in)
	}
	for k, o := range f.outs {
		var want any
		if in != nil {
			want = o.want(v, err)
		}
		if got := canon(sqlVals[k]); got != canon(want) {
			shown := "NULL"
			if in != nil {
				shown = strconv.Quote(*in)
			}
			tb.Errorf("%s(%s): SQL %s, Go %s (Go error: %v)", o.name, shown, got, canon(want), err)
		}
	}
}

// TestMapDomain checks that the per-rune mappings change no rune outside
// mapDomain, which is all sqlRuneCase looks at.
func TestMapDomain(t *testing.T) {
	in := map[rune]bool{}
	for _, r := range mapDomain() {
		in[r] = true
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if in[r] {
			continue
		}
		if foldRune(r) != r || keyRune(r) != r {
			t.Fatalf("%U is changed by foldRune or keyRune but is outside mapDomain", r)
		}
	}
}
