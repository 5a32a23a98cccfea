package normalize

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// plainCase is a value and whether its plain face takes it.
type plainCase struct {
	v     string
	plain bool
}

func plainOK(vs ...string) []plainCase  { return plainCases(true, vs) }
func notPlain(vs ...string) []plainCase { return plainCases(false, vs) }

func plainCases(plain bool, vs []string) []plainCase {
	out := make([]plainCase, len(vs))
	for i, v := range vs {
		out[i] = plainCase{v, plain}
	}
	return out
}

// plainFace is one plain face with the Go and SQL faces it must agree
// with: for a value it takes, the Go face's value and the SQL face's
// (DuckDB's own text of it) must be its own.
type plainFace struct {
	name  string
	plain func(v []byte) (string, bool) // the plain face's value as DuckDB prints it
	goVal func(v string) (string, error)
	sql   func(x string) string
	cases []plainCase
	draw  func(*rand.Rand) string // random plain values
}

func plainFaces() []plainFace {
	return []plainFace{
		{
			name: "date",
			plain: func(v []byte) (string, bool) {
				d, ok := PlainDate(v)
				return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly), ok
			},
			goVal: func(v string) (string, error) {
				t, err := ParseDate(v)
				return t.Format(time.DateOnly), err
			},
			sql: SQLDate,
			cases: slices.Concat(
				plainOK("2017-05-03", "2016-02-29", "2000-02-29", "1900-01-01", "1900-02-28", "2100-12-31", "2017-12-31", "2017-04-30"),
				notPlain("", "2017-5-3", "2017-05-3", "2015-02-29", "1900-02-29", "2100-02-29", "1899-12-31",
					"2101-01-01", "2017/05/03", "20170503", "2017-05-03 08:00", "2017-05-03T00:00", "2017-13-01",
					"2017-00-10", "2017-01-00", "2017-04-31", "２０１７-05-03", "42858", "+017-05-03", "2017年5月3日", "0000-01-01")),
			draw: randomDate,
		},
		{
			name: "amount",
			plain: func(v []byte) (string, bool) {
				c, ok := PlainAmount(v)
				return centsText(c), ok
			},
			goVal: func(v string) (string, error) {
				a, err := ParseAmount(v, false)
				return centsText(int64(a*100 + sign(a)*0.5)), err
			},
			sql: func(x string) string { return "CAST(" + SQLAmount(x, false) + " AS DECIMAL(18,2))" },
			cases: slices.Concat(
				plainOK("0", "86.09", "-12.5", "450.00", "1234567890123", "1234567890123.45", "9999999999999.99",
					"-9999999999999.99", "0.01", "0.1", "0.29", "1.15", "007.50", "-0", "-0.00", "00"),
				notPlain("", "86.095", "1,234", "1,234.50", "+5", "1e3", "1E3", ".5", "5.", "-.5", "-", "--5", "5-",
					"1.2.3", "12345678901234", "１２", "¥12", "12元", "12万", "(12)", "NaN", "inf", "0x10",
					"1_000", " 5", "5 ", "\u22125")),
			draw: randomAmount,
		},
		{
			name: "count",
			plain: func(v []byte) (string, bool) {
				n, ok := PlainCount(v)
				return strconv.FormatInt(n, 10), ok
			},
			goVal: func(v string) (string, error) {
				n, err := ParseCount(v)
				return strconv.FormatInt(n, 10), err
			},
			sql: SQLCount,
			cases: slices.Concat(
				plainOK("0", "1", "12", "00012", "999999999999999"),
				notPlain("", "-1", "-0", "+5", "1,234", "12.0", "12人", "1e3", "１２", "1000000000000000", "12.5", " 1")),
			draw: func(r *rand.Rand) string { return randomDigits(r, 1+r.IntN(15)) },
		},
		{
			name: "float",
			plain: func(v []byte) (string, bool) {
				f, ok := PlainFloat(v)
				return strconv.FormatFloat(f, 'g', -1, 64), ok
			},
			goVal: func(v string) (string, error) {
				f, err := strconv.ParseFloat(v, 64)
				return strconv.FormatFloat(f, 'g', -1, 64), err
			},
			sql: func(x string) string { return "TRY_CAST(replace(" + SQLFoldWidth(x) + ", ',', '') AS DOUBLE)" },
			cases: slices.Concat(
				plainOK("0", "3", "12.5", "0.5", "00.5", "123456789012345", "1234567.12345678", "0.00000000000001"),
				notPlain("", ".5", "5.", "-1.5", "+1.5", "1e3", "1,234.5", "１２", "1234567890123456", "1.2.3", "NaN", "inf", "1_0", "12亩")),
			draw: randomFloat,
		},
		{
			name: "bool",
			plain: func(v []byte) (string, bool) {
				b, ok := PlainBool(v)
				return strconv.FormatBool(b), ok
			},
			goVal: func(v string) (string, error) {
				b, err := ParseBool(v)
				return strconv.FormatBool(b), err
			},
			sql: SQLBool,
			cases: slices.Concat(plainOK(TrueLabels...), plainOK(FalseLabels...),
				notPlain("", "Yes", "TRUE", "True", "Y", "N", "是的", "2", "ｙｅｓ", "t", "f", "对", "-1")),
		},
	}
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

// centsText prints cents as DuckDB prints a DECIMAL(18,2).
func centsText(c int64) string {
	s := ""
	if c < 0 {
		s, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", s, c/100, c%100)
}

// TestPlainAgrees checks, for each plain face, which values it takes, and
// that for each of those (and for many drawn at random) the Go face and the
// SQL face give the same value: a clean record stores what the general
// path would.
func TestPlainAgrees(t *testing.T) {
	db := openDB(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, f := range plainFaces() {
		t.Run(f.name, func(t *testing.T) {
			var plain []string
			for _, c := range f.cases {
				if _, ok := f.plain([]byte(c.v)); ok != c.plain {
					t.Errorf("plain(%q) = %v, want %v", c.v, ok, c.plain)
				} else if ok {
					plain = append(plain, c.v)
				}
			}
			for range 3000 {
				if f.draw == nil {
					break
				}
				v := f.draw(rng)
				if _, ok := f.plain([]byte(v)); !ok {
					t.Fatalf("plain(%q) = false, want a plain value", v)
				}
				plain = append(plain, v)
			}
			agreePlain(t, db, f, plain)
		})
	}
}

func agreePlain(t *testing.T, db *sql.DB, f plainFace, vs []string) {
	t.Helper()
	rows := make([]string, len(vs))
	for i, v := range vs {
		rows[i] = "(" + sqlString(v) + ")"
	}
	// DOUBLEs come back as numbers, printed as Go prints them; the other
	// values as DuckDB prints them.
	q := fmt.Sprintf(`SELECT v, CASE WHEN typeof(x) = 'DOUBLE' THEN NULL ELSE CAST(x AS VARCHAR) END, TRY_CAST(x AS DOUBLE)
FROM (SELECT v, %s AS x FROM (VALUES %s) AS t(v))`, f.sql("v"), strings.Join(rows, ", "))
	res, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	for res.Next() {
		var v string
		var got sql.NullString
		var num sql.NullFloat64
		if err := res.Scan(&v, &got, &num); err != nil {
			t.Fatal(err)
		}
		if !got.Valid && num.Valid {
			got = sql.NullString{String: strconv.FormatFloat(num.Float64, 'g', -1, 64), Valid: true}
		}
		p, _ := f.plain([]byte(v))
		g, err := f.goVal(v)
		switch {
		case err != nil:
			t.Errorf("%q: plain %s, Go face: %v", v, p, err)
		case g != p:
			t.Errorf("%q: plain %s, Go face %s", v, p, g)
		case !got.Valid || got.String != p:
			t.Errorf("%q: plain %s, SQL face %v", v, p, got)
		}
	}
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestPlainDateEveryDay checks PlainDate on every day 0 to 32 of every
// month of years around the leap-year rules and the year bounds, against
// ParseDate, and its day count on every day from 1900 to 2100.
func TestPlainDateEveryDay(t *testing.T) {
	for _, y := range []int{1899, 1900, 1904, 1999, 2000, 2015, 2016, 2017, 2100, 2101} {
		for m := 1; m <= 12; m++ {
			for d := 0; d <= 32; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				_, err := ParseDate(s)
				if _, got := PlainDate([]byte(s)); got != (err == nil) {
					t.Errorf("PlainDate(%s) = %v; ParseDate says %v", s, got, err)
				}
			}
		}
	}
	for day := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() <= 2100; day = day.AddDate(0, 0, 1) {
		got, ok := PlainDate([]byte(day.Format(time.DateOnly)))
		if want := int32(day.Unix() / 86400); !ok || got != want {
			t.Fatalf("PlainDate(%s) = %d, %v; want %d", day.Format(time.DateOnly), got, ok, want)
		}
	}
}

func randomDigits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// randomAmount is a plain amount, its whole part of 1 to 13 digits (13
// half the time, where a DOUBLE holds the fewest bits of the cents).
func randomAmount(r *rand.Rand) string {
	n := 1 + r.IntN(13)
	if r.IntN(2) == 0 {
		n = 13
	}
	s := randomDigits(r, n)
	if k := r.IntN(3); k > 0 {
		s += "." + randomDigits(r, k)
	}
	if r.IntN(4) == 0 {
		s = "-" + s
	}
	return s
}

func randomDate(r *rand.Rand) string {
	first := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC).Sub(first).Hours() / 24)
	return first.AddDate(0, 0, r.IntN(days+1)).Format(time.DateOnly)
}

// randomFloat is a plain measure of 1 to 15 digits in all.
func randomFloat(r *rand.Rand) string {
	n := 1 + r.IntN(15)
	s := randomDigits(r, n)
	if k := r.IntN(16 - n); k > 0 {
		s += "." + randomDigits(r, k)
	}
	return s
}
