package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/microrisk/microrisk/data"
	"github.com/microrisk/microrisk/ingest/normalize"
	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/store"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The fast path's promise (fastpath.go): a value it takes as plain is one
// the full normalising SQL takes too, with the same stored value and no
// reason. TestFastPathAgrees and its neighbours check the promise value by
// value; TestFastPathSameResult loads whole files both ways and compares
// the databases.

// plainCase is a raw value and whether the fast check takes it as plain.
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

// fastTestUnits are the known unit ids the unit-reference cases check against.
var fastTestUnits = map[string]bool{"510104": true, "510104001001": true, "510104001002": true}

// TestFastPathAgrees checks, for each kind of column the fast path knows,
// which values the Go check takes as plain, and that for each of those the
// full SQL path (binding.typed and its checks) and the fast SQL
// (binding.fastSQL) store the same value, the full path finding no reason.
// The values it refuses take the full path, so nothing more is asked of
// them: the table documents the plain forms.
func TestFastPathAgrees(t *testing.T) {
	db := openMemoryDB(t)
	for _, tt := range []struct {
		name   string
		ledger *model.Ledger
		column string
		wan    bool
		cases  []plainCase
	}{
		{"amount", model.Payments, "amount_yuan", false, slices.Concat(
			plainOK("0", "86.09", "-12.5", "450.00", "1234567890123", "1234567890123.45", "9999999999999.99",
				"-9999999999999.99", "0.01", "0.1", "0.29", "1.15", "007.50", "-0", "-0.00", "00"),
			notPlain("", "86.095", "1,234", "1,234.50", "+5", "1e3", "1E3", ".5", "5.", "-.5", "-", "--5", "5-",
				"1.2.3", "12345678901234", "１２", "¥12", "12元", "12万", "(12)", "NaN", "inf", "0x10",
				"1_000", " 5", "5 ", "\u22125")),
		},
		{"date", model.Payments, "paid_on", false, slices.Concat(
			plainOK("2017-05-03", "2016-02-29", "2000-02-29", "1900-01-01", "1900-02-28", "2100-12-31",
				"2017-12-31", "2017-04-30"),
			notPlain("", "2017-5-3", "2017-05-3", "2015-02-29", "1900-02-29", "2100-02-29", "1899-12-31",
				"2101-01-01", "2017/05/03", "20170503", "2017-05-03 08:00", "2017-05-03T00:00", "2017-13-01",
				"2017-00-10", "2017-01-00", "2017-04-31", "２０１７-05-03", "42858", "+017-05-03",
				"2017年5月3日", "0000-01-01")),
		},
		{"int", model.Cases, "persons", false, slices.Concat(
			plainOK("", "0", "1", "12", "00012", "999999999999999"),
			notPlain("-1", "-0", "+5", "1,234", "12.0", "12人", "1e3", "１２", "1000000000000000", "12.5", " 1")),
		},
		{"float", model.Assets, "area_mu", false, slices.Concat(
			plainOK("", "0", "3", "12.5", "0.5", "00.5", "123456789012345", "1234567.12345678", "0.00000000000001"),
			notPlain(".5", "5.", "-1.5", "+1.5", "1e3", "1,234.5", "１２", "1234567890123456", "1.2.3",
				"NaN", "inf", "1_0", "12亩")),
		},
		{"bool", model.Assets, "public_bidding", false, slices.Concat(
			plainOK(""), plainOK(normalize.TrueLabels...), plainOK(normalize.FalseLabels...),
			notPlain("Yes", "TRUE", "True", "Y", "N", "是的", "2", "ｙｅｓ", "t", "f", "对", "-1")),
		},
		{"code", model.Assets, "category", false, slices.Concat(
			plainOK(model.AssetCategories.Codes()...),
			notPlain("", "资金", "Funds", "FUNDS", "fund", "资 金", "fun-ds")),
		},
		{"code with underscore", model.Reports, "channel", false, slices.Concat(
			plainOK("", "hotline_12388", "web"),
			notPlain("hotline12388", "12388热线", "12388", "Hotline_12388")),
		},
		{"unit ref", model.Payments, "unit_id", false, slices.Concat(
			plainOK("510104001001", "510104"),
			notPlain("", "510104001003", "５１０１０４", "0510104")),
		},
		{"optional unit ref", model.Relations, "unit_id", false, slices.Concat(
			plainOK("", "510104001002"),
			notPlain("510100")),
		},
		{"text", model.Payments, "program", false, slices.Concat(
			plainOK("dibao", "低保", "a b", "it's", "x;y", "１２"),
			notPlain("")),
		},
		{"optional text", model.Payments, "payee_name", false, plainOK("", "张三")},
		{"amount in 万元", model.Cases, "amount_yuan", true, slices.Concat(plainOK(""), notPlain("12", "1.5"))},
		{"range", model.Surveys, "index", false, notPlain("", "50", "85.5")},
		{"period", model.Surveys, "period", false, notPlain("", "2017", "2017-05")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := testBinding(t, tt.ledger, tt.column, tt.wan)
			c := fastColFor(b, fastTestUnits, nil, nil)
			var plain []string
			for _, pc := range tt.cases {
				if _, ok := c.check([]byte(pc.v), &lastAnswer{}); ok != pc.plain {
					t.Errorf("check(%q) = %v, want %v", pc.v, ok, pc.plain)
				} else if ok {
					plain = append(plain, pc.v)
				}
			}
			agreeInSQL(t, db, b, plain)
		})
	}
}

// TestFastPathAgreesOnEveryCode checks every spelling of every enum column:
// only the codes themselves are plain, and each code is (no spelling of
// another member shares its key).
func TestFastPathAgreesOnEveryCode(t *testing.T) {
	db := openMemoryDB(t)
	for _, l := range model.Ledgers {
		for _, col := range l.Columns {
			if col.Type != model.Code {
				continue
			}
			t.Run(l.Name+"."+col.Name, func(t *testing.T) {
				b := testBinding(t, l, col.Name, false)
				c := fastColFor(b, nil, nil, nil)
				codes := col.Enum.Codes()
				var plain []string
				for s := range col.Enum.Spellings() {
					_, ok := c.check([]byte(s), &lastAnswer{})
					if want := slices.Contains(codes, s); ok != want {
						t.Errorf("check(%q) = %v, want %v", s, ok, want)
					}
					if ok {
						plain = append(plain, s)
					}
				}
				if len(plain) != len(codes) {
					t.Errorf("plain codes %q, want all of %q", plain, codes)
				}
				agreeInSQL(t, db, b, plain)
			})
		}
	}
}

// TestFastPathAgreesAtRandom draws many plain amounts, dates, whole
// numbers and measures, and checks that both paths take and store them
// alike: the cent rounding of an amount near 10^13 yuan is where a plain
// DECIMAL cast and the full path's DOUBLE arithmetic could part.
func TestFastPathAgreesAtRandom(t *testing.T) {
	db := openMemoryDB(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct {
		name   string
		ledger *model.Ledger
		column string
		draw   func(*rand.Rand) string
	}{
		{"amount", model.Payments, "amount_yuan", randomAmount},
		{"date", model.Payments, "paid_on", randomDate},
		{"int", model.Cases, "persons", func(r *rand.Rand) string { return randomDigits(r, 1+r.IntN(15)) }},
		{"float", model.Assets, "area_mu", randomFloat},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := testBinding(t, tt.ledger, tt.column, false)
			c := fastColFor(b, nil, nil, nil)
			vs := make([]string, 5000)
			for i := range vs {
				vs[i] = tt.draw(rng)
				if _, ok := c.check([]byte(vs[i]), &lastAnswer{}); !ok {
					t.Fatalf("check(%q) = false, want a plain value", vs[i])
				}
			}
			agreeInSQL(t, db, b, vs)
		})
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

// TestFastPathPlainDate checks plainDate on every day 0 to 32 of every
// month of years around the leap-year rules (1900 and 2100 are not leap
// years, 2000 is) and the year bounds, against normalize.ParseDate.
func TestFastPathPlainDate(t *testing.T) {
	for _, y := range []int{1899, 1900, 1904, 1999, 2000, 2015, 2016, 2017, 2100, 2101} {
		for m := 1; m <= 12; m++ {
			for d := 0; d <= 32; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				_, err := normalize.ParseDate(s)
				if got := plainDate([]byte(s)); got != (err == nil) {
					t.Errorf("plainDate(%s) = %v; ParseDate says %v", s, got, err)
				}
			}
		}
	}
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"1900-02-28", true}, {"1900-02-29", false}, {"2000-02-29", true}, {"2000-02-30", false},
		{"2016-02-29", true}, {"2017-02-29", false}, {"2100-02-28", true}, {"2100-02-29", false},
		{"1899-12-31", false}, {"1900-01-01", true}, {"2100-12-31", true}, {"2101-01-01", false},
	} {
		if got := plainDate([]byte(tt.s)); got != tt.want {
			t.Errorf("plainDate(%s) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestFastPathPersons checks that the fast check of a person identifier
// gives the person UDF's answer (the full path's) for a valid one, and
// refuses one the UDF gives a reason for, also when a field repeats or
// alternates identifiers (the previous answer is reused). The check trims
// (" "+id is taken), which does no harm: a record with a space around a
// value never reaches it.
func TestFastPathPersons(t *testing.T) {
	pseudo, err := NewPseudonymizer(InsecureTestKey)
	if err != nil {
		t.Fatal(err)
	}
	person, party := newPersonUDF(pseudo, false), newPersonUDF(pseudo, true)
	id1, id2, idX := testResidentID("51010419800101001"), testResidentID("51010419900202002"), testResidentIDWithX()
	for _, tt := range []struct {
		name   string
		ledger *model.Ledger
		column string
		udf    *personUDF
		cases  []plainCase
	}{
		{"person", model.Payments, "payee_id", &person, slices.Concat(
			plainOK(id1, id2, id1, id1, idX, strings.ToLower(idX), id2, toFullWidth(id1), " "+id1),
			notPlain("", "12345", id1[:17]+"0", "91350100M000100Y43", id1+"0")),
		},
		{"optional person", model.Payments, "approver_id", &person, plainOK("", id1)},
		{"party", model.Assets, "counterparty_id", &party, slices.Concat(
			plainOK(id1, "91350100M000100Y43", "91350100m000100y43", "", id2),
			notPlain("91350100M000100Y44", "12345")),
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := fastColFor(testBinding(t, tt.ledger, tt.column, false), nil, &person, &party)
			var last lastAnswer
			for _, pc := range tt.cases {
				stored, ok := c.check([]byte(pc.v), &last)
				if ok != pc.plain {
					t.Errorf("check(%q) = %v, want %v", pc.v, ok, pc.plain)
					continue
				}
				full := ""
				if pc.v != "" {
					full = tt.udf.apply(pc.v)
				}
				switch {
				case ok && stored != full:
					t.Errorf("check(%q) stores %q, the full path %q", pc.v, stored, full)
				case !ok && pc.v != "" && !strings.HasPrefix(full, "!"):
					t.Errorf("check(%q) refuses a value the full path stores as %q", pc.v, full)
				}
			}
		})
	}
}

// TestFastPathRecord checks how a clean record is copied: as it is, but
// for its person identifiers, which become their stored form wherever the
// field stands (first, last, empty); a record with too few or too many
// fields, or one value not plain, is not clean.
func TestFastPathRecord(t *testing.T) {
	pseudo, err := NewPseudonymizer(InsecureTestKey)
	if err != nil {
		t.Fatal(err)
	}
	person, party := newPersonUDF(pseudo, false), newPersonUDF(pseudo, true)
	headers := []string{"approver_id", "payment_id", "unit_id", "program", "amount_yuan", "paid_on", "备注", "payee_id"}
	p, err := newPlan(model.Payments, headers, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := newFastPath(p, len(headers), fastTestUnits, &person, &party)
	if f == nil || !f.persons {
		t.Fatal("no fast path for payments with person columns")
	}
	id1, id2 := testResidentID("51010419800101001"), testResidentID("51010419900202002")
	p1, p2 := pseudo.Of(id1), pseudo.Of(id2)
	s := f.scratch()
	for _, tt := range []struct {
		in, want string
		clean    bool
	}{
		{id1 + ",P1,510104,dibao,1.5,2016-05-01,x;y," + id2, p1 + ",P1,510104,dibao,1.5,2016-05-01,x;y," + p2, true},
		{",P2,510104,dibao,1.5,2016-05-01,," + strings.ToLower(testResidentIDWithX()), ",P2,510104,dibao,1.5,2016-05-01,," + pseudo.Of(testResidentIDWithX()), true},
		{id2 + ",P3,510104,dibao,1.5,2016-05-01,," + id2, p2 + ",P3,510104,dibao,1.5,2016-05-01,," + p2, true},
		{id2 + ",P4,510104,dibao,1.5,2016-05-01,", "", false},
		{id2 + ",P5,510104,dibao,1.5,2016-05-01,,," + id2, "", false},
		{id2 + ",P6,510104,dibao,1.5,2016-5-1,," + id2, "", false},
		{id2 + ",P7,510104,dibao,1.5,2016-05-01,,12345", "", false},
		{id2 + ",P8,510104,,1.5,2016-05-01,," + id2, "", false},
	} {
		out, ok := f.record([]byte("prefix|"), []byte(tt.in), ',', s)
		switch {
		case ok != tt.clean:
			t.Errorf("record(%q) clean = %v, want %v", tt.in, ok, tt.clean)
		case ok && string(out) != "prefix|"+tt.want:
			t.Errorf("record(%q) = %q, want %q", tt.in, out, "prefix|"+tt.want)
		case !ok && string(out) != "prefix|":
			t.Errorf("record(%q) refused but wrote %q", tt.in, out)
		}
	}
}

// testResidentID completes 17 digits with their check character.
func testResidentID(first17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(first17[i]-'0') * w
	}
	return first17 + string("10X98765432"[sum%11])
}

// testResidentIDWithX is a valid identifier whose check character is X.
func testResidentIDWithX() string {
	for i := 0; ; i++ {
		if id := testResidentID(fmt.Sprintf("51010419850505%03d", i)); id[17] == 'X' {
			return id
		}
	}
}

func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '!' && r <= '~' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

func testBinding(t *testing.T, l *model.Ledger, column string, wan bool) binding {
	t.Helper()
	c, ok := l.Column(column)
	if !ok {
		t.Fatalf("%s has no column %s", l.Name, column)
	}
	return binding{col: c, src: "c1", wan: wan}
}

// openMemoryDB opens an in-memory DuckDB on one connection, with the
// known-units type the unit-reference check casts to.
func openMemoryDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	var units []string
	for u := range fastTestUnits {
		units = append(units, quote(u))
	}
	if _, err := db.Exec(`CREATE TYPE ` + unitsEnum + ` AS ENUM (` + strings.Join(units, ", ") + `)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// agreeInSQL runs the full path (typed value, bad and reason) and the fast
// path's SQL over the raw values vs as the load SQL sees a clean record's
// values (an empty one NULL), and reports each value for which they store
// different values, the full path stores NULL for a value, or finds it
// bad.
func agreeInSQL(t *testing.T, db *sql.DB, b binding, vs []string) {
	t.Helper()
	if len(vs) == 0 {
		return
	}
	ref := ""
	if b.col.Type == model.UnitRef {
		ref = fmt.Sprintf("TRY_CAST(x AS %s)", unitsEnum)
	}
	rows := make([]string, len(vs))
	for i, v := range vs {
		rows[i] = "(" + quote(v) + ")"
	}
	q := fmt.Sprintf(`SELECT v, CAST(x AS VARCHAR), CAST(f AS VARCHAR), %s, %s FROM (
  SELECT v, r, %s AS x, %s AS f FROM (SELECT v, nullif(v, '') AS r FROM (VALUES %s) AS t(v)))`,
		b.bad("r", "x", ref), b.reason("r", "x", ref), b.typed("r", false), b.fastSQL("r"), strings.Join(rows, ", "))
	res, err := db.Query(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer res.Close()
	n := 0
	for res.Next() {
		var v string
		var full, fast, reason sql.NullString
		var bad bool
		if err := res.Scan(&v, &full, &fast, &bad, &reason); err != nil {
			t.Fatal(err)
		}
		n++
		switch {
		case full != fast:
			t.Errorf("%q: full path stores %v, fast path %v", v, nullText(full), nullText(fast))
		case full.Valid != (v != ""):
			t.Errorf("%q: full path stores %v", v, nullText(full))
		case bad || reason.Valid:
			t.Errorf("%q: full path finds it bad (%v)", v, nullText(reason))
		}
	}
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(vs) {
		t.Fatalf("%d values checked in SQL, want %d", n, len(vs))
	}
}

func nullText(s sql.NullString) string {
	if !s.Valid {
		return "NULL"
	}
	return fmt.Sprintf("%q", s.String)
}

// TestFastPathSameResult loads the same files into two fresh databases,
// once with the fast path and once without, and checks that the two hold
// the same: every ledger table (but the batch id), the rejects, the extra
// values, the batches and each file's counts. The files are the CSV files
// of testdata, a generated world whose payments are spoilt here and there,
// and hand-made files that mix clean and dirty records.
func TestFastPathSameResult(t *testing.T) {
	loads := []fastLoad{
		{name: "testdata", paths: corpusFiles(t)},
		{name: "world", paths: []string{writeWorld(t)}, clean: 0.8},
		{name: "hand-made", paths: writeMixedFiles(t), clean: 0.2},
		{name: "CRLF line ends", paths: writeCasesFile(t, crlfCases), clean: 0.3},
		{name: "mixed line ends", paths: writeCasesFile(t, mixedLineEnds), clean: 0.3},
	}
	for _, ld := range loads {
		t.Run(ld.name, func(t *testing.T) {
			t.Parallel()
			loadBothWays(t, ld)
		})
	}
}

// fastLoad is a set of files TestFastPathSameResult loads both ways.
type fastLoad struct {
	name  string
	paths []string
	// clean is the least share of the records (of the ledgers other than
	// units) the pre-pass must mark clean.
	clean float64
}

// corpusFiles returns the CSV files of testdata, of the folders that
// hold a CSV ledger other than units, in load order. Loaded together,
// their keys also meet keys of earlier files.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	dirs, _ := filepath.Glob("testdata/*/expected.json")
	var out []string
	for _, exp := range dirs {
		files, err := Files([]string{filepath.Dir(exp)}, "")
		if err != nil {
			t.Fatal(err)
		}
		var csvs []string
		ledgers := 0
		for _, f := range files {
			if fileKind(f) == "csv" {
				csvs = append(csvs, f)
				if !isUnitsFile(f) {
					ledgers++
				}
			}
		}
		if ledgers > 0 {
			out = append(out, csvs...)
		}
	}
	if len(out) == 0 {
		t.Fatal("no CSV ledger in testdata")
	}
	files, err := Files(out, "")
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func isUnitsFile(path string) bool {
	l, ok := model.LedgerForFile(filepath.Base(path))
	return ok && l == model.Units
}

// loadBothWays loads the files with and without the fast path and
// compares the two databases.
func loadBothWays(t *testing.T, ld fastLoad) {
	ctx := context.Background()
	fastOpts := Options{Key: InsecureTestKey}
	fullOpts := Options{Key: InsecureTestKey, noFastPath: true}
	fast, full := openStoreDB(t, "fast.duckdb"), openStoreDB(t, "full.duckdb")
	fastRes, fastErr := Load(ctx, fast, ld.paths, fastOpts)
	fullRes, fullErr := Load(ctx, full, ld.paths, fullOpts)
	if fastErr != nil || fullErr != nil {
		t.Fatalf("fast path: %v\nfull path: %v", fastErr, fullErr)
	}
	sameResults(t, fastRes, fullRes)
	sameTables(t, fast, full)
	files, err := Files(ld.paths, "")
	if err != nil {
		t.Fatal(err)
	}
	var clean, all int64
	for _, f := range files {
		if fileKind(f) != "csv" || isUnitsFile(f) {
			continue
		}
		n, m := cleanRecords(t, fast, f, fastOpts)
		if off, _ := cleanRecords(t, full, f, fullOpts); off != 0 {
			t.Errorf("%s: %d records marked clean with the fast path off", f, off)
		}
		t.Logf("%s: %d of %d records clean", filepath.Base(f), n, m)
		clean, all = clean+n, all+m
	}
	if ld.clean > 0 && (clean == 0 || float64(clean) < ld.clean*float64(all)) {
		t.Errorf("%d of %d records marked clean, want at least %.0f%%", clean, all, 100*ld.clean)
	}
}

func openStoreDB(t *testing.T, name string) *sql.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sameResults compares the per-file results of the two loads.
func sameResults(t *testing.T, fast, full []Result) {
	t.Helper()
	if len(fast) != len(full) {
		t.Fatalf("fast path: %d results, full path: %d", len(fast), len(full))
	}
	for i := range fast {
		a, b := fast[i], full[i]
		got := fmt.Sprintf("%s %s %s read %d loaded %d rejected %d replaced %d skipped %v extra %q",
			a.Ledger, a.Sheet, a.Encoding, a.Read, a.Loaded, a.Rejected, a.Replaced, a.Skipped, a.ExtraColumns)
		want := fmt.Sprintf("%s %s %s read %d loaded %d rejected %d replaced %d skipped %v extra %q",
			b.Ledger, b.Sheet, b.Encoding, b.Read, b.Loaded, b.Rejected, b.Replaced, b.Skipped, b.ExtraColumns)
		if a.Path != b.Path || got != want {
			t.Errorf("%s: fast path %s; full path %s", a.Path, got, want)
		}
	}
}

// sameTables compares what the two databases hold: every ledger table
// without its batch column, and the rejects, the extra values and the
// batches without their batch ids, row by row.
func sameTables(t *testing.T, fast, full *sql.DB) {
	t.Helper()
	queries := map[string]string{
		"rejects":      `SELECT ledger, file, sheet, "row", "column", "value", reason, record FROM rejects`,
		"extra_values": `SELECT "row", header, "value" FROM extra_values`,
		"batches": `SELECT ledger, file, sheet, sha256, bytes, encoding, rows_read, rows_loaded, rows_rejected, rows_replaced
  FROM batches`,
	}
	for _, l := range model.Ledgers {
		queries[l.Name] = fmt.Sprintf(`SELECT * EXCLUDE (%s) FROM %s`, model.BatchColumn, model.Ident(l.Name))
	}
	for name, q := range queries {
		a, b := tableRows(t, fast, q), tableRows(t, full, q)
		if onlyA, onlyB := rowsMissing(a, b), rowsMissing(b, a); len(onlyA)+len(onlyB) > 0 {
			t.Errorf("%s: %d rows with the fast path, %d with the full path; only with the fast path: %s; only with the full path: %s",
				name, len(a), len(b), firstFew(onlyA), firstFew(onlyB))
		}
	}
}

// tableRows returns the rows of the query, each as text, sorted.
func tableRows(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT CAST(t AS VARCHAR) AS s FROM (` + q + `) AS t ORDER BY s`)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rowsMissing returns the rows of a (sorted) not matched by one of b, each
// row of b matching once.
func rowsMissing(a, b []string) []string {
	var out []string
	j := 0
	for _, s := range a {
		for j < len(b) && b[j] < s {
			j++
		}
		if j < len(b) && b[j] == s {
			j++
			continue
		}
		out = append(out, s)
	}
	return out
}

func firstFew(rows []string) string {
	if len(rows) > 5 {
		return strings.Join(rows[:5], "\n  ") + fmt.Sprintf("\n  … %d more", len(rows)-5)
	}
	return strings.Join(rows, "\n  ")
}

// cleanRecords returns how many records of the CSV file at path the
// pre-pass marks clean when it is opened for db with opts, and how many
// it reads.
func cleanRecords(t *testing.T, db *sql.DB, path string, opts Options) (clean, all int64) {
	t.Helper()
	ctx := context.Background()
	srcs, err := openSources(ctx, db, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, s := range srcs {
			s.cleanup()
		}
	}()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{`DROP TABLE IF EXISTS _csv_rej`, `DROP TABLE IF EXISTS _csv_scan`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	q := `SELECT count(*) FILTER (WHERE _ok), count(*) FROM ` + srcs[0].table
	if err := conn.QueryRowContext(ctx, q).Scan(&clean, &all); err != nil {
		t.Fatal(err)
	}
	return clean, all
}

// writeWorld generates the small world's ledgers and spoils its payments.
func writeWorld(t *testing.T) string {
	t.Helper()
	p, err := data.ProfileByName("small")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := data.Generate(p, 7, dir); err != nil {
		t.Fatal(err)
	}
	spoilPayments(t, filepath.Join(dir, "payments.csv"))
	return dir
}

// spoilers make a clean CSV line dirty in one of the ways exports are:
// a value with space around it, a date or an amount in another spelling,
// a blank line, a quoted field, one with a line end in it.
var spoilers = []func(fields []string) string{
	func(f []string) string { f[2] = " " + f[2] + " "; return strings.Join(f, ",") },
	func(f []string) string { f[5] = strings.ReplaceAll(f[5], "-", "/"); return strings.Join(f, ",") },
	func(f []string) string { f[4] = f[4] + "元"; return strings.Join(f, ",") },
	func(f []string) string { f[4] = `"` + f[4] + `"`; return strings.Join(f, ",") },
	func(f []string) string { return "\n" + strings.Join(f, ",") },
	func(f []string) string { f[6] = `"` + f[6] + "\n" + f[6] + `"`; return strings.Join(f, ",") },
	func(f []string) string { f[3] = strings.ToLower(f[3]) + "0"; return strings.Join(f, ",") },
	func(f []string) string { f[0] = f[0] + "\u3000"; return strings.Join(f, ",") },
}

// spoilPayments spoils one line in eleven of the payments file at path,
// each in turn by the next spoiler, and repeats one key at its end.
func spoilPayments(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	k := 0
	for i := 1; i < len(lines); i++ {
		fields := strings.Split(lines[i], ",")
		if i%11 == 0 && len(fields) == 9 && !strings.Contains(lines[i], `"`) {
			lines[i] = spoilers[k%len(spoilers)](fields)
			k++
		}
	}
	lines = append(lines, lines[1])
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeMixedFiles writes the units of testdata/utf8_bad_rows and
// hand-made ledgers whose records mix clean values and dirty ones, and
// returns their paths.
func writeMixedFiles(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	units, err := os.ReadFile("testdata/utf8_bad_rows/units.csv")
	if err != nil {
		t.Fatal(err)
	}
	id1, id2, id3, idX := testResidentID("51010419800101001"), testResidentID("51010419900202002"),
		testResidentID("51010419700303003"), testResidentIDWithX()
	r := strings.NewReplacer("ID1", id1, "ID2", id2, "ID3", id3, "IDX", idX, "idx", strings.ToLower(idX),
		"ID!", id1[:17]+string("0123456789"[(int(id1[17]-'0')+1)%10]), "ＩＤ", toFullWidth(id2))
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(r.Replace(mixedGBK))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"units.csv":           string(units),
		"payments_mixed.csv":  r.Replace(mixedPayments),
		"payments_more.csv":   r.Replace(morePayments),
		"cases_wan.csv":       mixedCases,
		"assets_mixed.csv":    r.Replace(mixedAssets),
		"relations_mixed.csv": r.Replace(mixedRelations),
		"registers_mixed.csv": r.Replace(mixedRegisters),
		"reports_gbk.csv":     gbk,
	}
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// The hand-made files. ID1, ID2, ID3 and IDX are valid resident IDs (idx
// with a lower-case x), ID! has a wrong check digit and ＩＤ is ID2 in
// full-width digits.
const mixedPayments = "payment_id,unit_id,program,payee_id,amount_yuan,paid_on,payee_name,account_no,approver_id\n" +
	"P01,510104001001,dibao,ID1,450.00,2016-05-01,张三,6217000000000001,ID2\n" +
	"P02,510104001001,dibao,ID1,450.00,2016-06-01,张三,6217000000000001,\n" +
	"P03, 510104001002 ,dibao,ID3,86.09,2016-06-01,李四,6217000000000002,\n" +
	"P04,510104001001,dibao,12345,450.00,2016-06-01,王五,6217000000000003,\n" +
	"P05,510104001001,dibao,idx,-12.5,2016-06-01,王五,6217000000000003,IDX\n" +
	"P06,510104001001,dibao,ID1,\"1,234.50\",2016-06-01,张三,6217000000000001,\n" +
	"P07,510104001001,dibao,ID1,86.095,2016-06-01,张三,6217000000000001,\n" +
	"P08,510104001001,dibao,ID1,86.09,2016/5/1,张三,6217000000000001,\n" +
	"P09,510104001003,dibao,ID1,86.09,2016-05-01,张三,6217000000000001,\n" +
	"\n" +
	"P10,510104001001,dibao,ID1,12,2016-07-01,\"张\n三\",6217000000000001,\n" +
	"P01,510104001002,dibao,ID3,1.5,2016-08-01,赵六,6217000000000004,ID2\n" +
	"P11,510104001001,dibao,ID2,0.5,2016-08-01,赵六,6217000000000004,ID1\n" +
	"P12,510104001001,dibao,ID2,１２,2016-08-01,赵六,6217000000000004,\n" +
	"P13,510104001001,dibao,ID2,-0,2016-08-01,赵六,6217000000000004,\n" +
	"P14,510104001001,dibao,ID2,9999999999999.99,2016-08-01,赵六,6217000000000004,\n" +
	"P15,510104001001,dibao,ID2,12345678901234,2016-08-01,赵六,6217000000000004,\n" +
	"P16,510104001001,dibao,ID2,,2016-08-01,赵六,6217000000000004,\n" +
	"P17,510104001001,dibao,ID2,1,2016-08-01,赵 六,6217000000000004,\n" +
	"P18,510104001001,dibao,ID!,1,2016-08-01,赵六,6217000000000004,\n" +
	"P19,510104001001,dibao,ＩＤ,1,2016-08-01,赵六,6217000000000004,ID3\n" +
	"P20,510104001001,dibao,91350100M000100Y43,1,2016-08-01,赵六,6217000000000004,\n" +
	"P21,510104001001,dibao\n" +
	"P22,510104001001,dibao,ID2,1,2016-08-01,赵六,6217000000000004,,extra\n" +
	"P2\"3,510104001001,dibao,ID2,1,2016-08-01,赵六,6217000000000004,\n" +
	"P24,510104001001,dibao,ID2,1,2015-02-29,赵六,6217000000000004,\n" +
	"P25,510104001001,dibao,ID2,1,2016-02-29,赵六\u3000,6217000000000004,\n" +
	"P26,\t510104001001,dibao,ID2,1,2016-02-29,赵六,6217000000000004,\n" +
	"P27,510104001001,,ID2,1,2016-02-29,赵六,6217000000000004,\n" +
	"P28,510104001001,dibao,ID2,1,2016-02-29,赵六,6217000000000004,ID2"

// morePayments repeats keys of mixedPayments (already loaded, so
// rejected naming the batch) beside new clean records.
const morePayments = "payment_id,unit_id,program,payee_id,amount_yuan,paid_on,payee_name,account_no,approver_id\n" +
	"P01,510104001001,dibao,ID1,450.00,2016-05-01,张三,6217000000000001,ID2\n" +
	"P30,510104001001,dibao,ID1,450.00,2016-05-01,张三,6217000000000001,ID2\n" +
	"P02,510104001001,dibao,ID1, 450.00,2016-05-01,张三,6217000000000001,ID2\n" +
	"P31,510104001002,wubao,ID3,1000,2016-09-30,李四,6217000000000002,\n"

// mixedCases declares its amounts in 万元: they always take the full path.
const mixedCases = "案件编号,单位编码,立案日期,领域,违纪类型,线索来源,涉案人数,处分人数,追责领导人数,涉案金额(万元),是否通报曝光,结案日期\n" +
	"W1,510104001001,2016-03-05,land,fraud,audit,1,1,0,,是,2016-09-01\n" +
	"W2,510104001001,2016-03-05,土地整理流转,弄虚作假,审计,1,1,0,1.5,否,\n" +
	"W3,510104001002,2016-03-06,land,fraud,audit,2,1,0,12,true,\n" +
	"W4,510104001002,2016-03-07,land,fraud,audit,12人,1,0,,Yes,\n" +
	"W5,510104001002,2016-03-08,moon,fraud,audit,1,1,0,,1,\n" +
	"W6,510104001002,2016-03-09,benefits,bribery,petition,-1,1,0,,0,\n" +
	"W7,510104001001,2016-03-10,three_assets,other,other,00012,3,0,,√,2016-12-31\n" +
	"W1,510104001002,2016-03-11,land,fraud,audit,1,1,0,,✓,\n" +
	"W8,510104001001,1900-01-01,health,inaction,self_report,1000000000000000,0,0,,×,2100-12-31\n" +
	"W9,510104001001,1899-12-31,health,inaction,self_report,1,0,0,,n,2101-01-01\n" +
	"W10,510104001001,2016-03-10,Land,FRAUD,Audit,1,1,0,,Y,\n"

const mixedAssets = "txn_id,unit_id,category,kind,amount_yuan,txn_on,counterparty_id,counterparty_name,area_mu,term_years,public_bidding,approved\n" +
	"A1,510104001001,assets,lease,12000.00,2016-04-01,ID1,张三,12.5,5,是,否\n" +
	"A2,510104001001,资产,出租,12000,2016-04-01,91350100m000100y43,某公司,.5,5.,Yes,y\n" +
	"A3,510104001001,resources,contract,800.5,2016-04-02,91350100M000100Y43,某公司,1e3,30,1,0\n" +
	"A4,510104001002,funds,income,100,2016-04-03,,,,,,\n" +
	"A5,510104001002,funds,income,100,2016-04-03,91350100M000100Y44,某公司,,,,\n" +
	"A6,510104001002,funds,income,100,2016-04-03,,,1234567890123456,,,\n" +
	"A7,510104001002,funds,expense,-100,2016-04-03,91350100m000100y43,某公司,0.00000000000001,,√,×\n" +
	"A8,510104001002,funds,expense,100,2016-04-03,idx,某人,00.5,007,✔,✘\n"

const mixedRelations = "person_id,related_id,relation,unit_id,role\n" +
	"ID1,ID2,spouse,510104001001,村主任\n" +
	"ID1,ID3,子女,,\n" +
	"ID2,ID3,child,,\n" +
	"ID1,ID2,spouse,510104001001,重复\n" +
	"12345,ID3,other,,\n" +
	"idx,ID1,parent,510104001002,会计\n" +
	"IDX,ID1,parent,510104001002,会计\n" +
	"ID3,ID1,sibling,510104001003,\n"

const mixedRegisters = "register,person_id,since,until,unit_id\n" +
	"deceased,ID1,2016-01-01,,510104001001\n" +
	"死亡人员,ID2,2016-01-01,,\n" +
	"cadre,ID3,2016-02-30,,\n" +
	"deceased,ID1,2016-01-02,,\n" +
	"cadre,ID!,2016-01-02,,\n"

// mixedGBK is written in GB18030.
const mixedGBK = "信访编号,单位编码,收件日期,举报渠道,信访类别,领域,办理状态,办结日期\n" +
	"G1,510104001001,2016-03-05,letter,accusation,land,已办结,2016-04-01\n" +
	"G2,510104001001,2016-03-06,来信,检控类,土地,办理中,\n" +
	"G3,510104001002,2016-03-07,hotline_12388,complaint,education,,\n" +
	"G4,510104001002,2016年3月8日,web,other,other,,\n"

// writeCasesFile writes the units of testdata/utf8_bad_rows and a cases file.
func writeCasesFile(t *testing.T, cases string) []string {
	t.Helper()
	dir := t.TempDir()
	units, err := os.ReadFile("testdata/utf8_bad_rows/units.csv")
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{filepath.Join(dir, "units.csv"), filepath.Join(dir, "cases.csv")}
	for i, content := range []string{string(units), cases} {
		if err := os.WriteFile(paths[i], []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

// crlfCases ends every line in CRLF, as Windows programs write.
const crlfCases = "case_id,unit_id,filed_on,domain\r\n" +
	"K1,510104001001,2016-01-01,land\r\n" +
	"K2, 510104001002,2016-01-02,land\r\n" +
	"K3,510104001002,2016/1/3,土地\r\n" +
	"K4,510104001002,2016-01-04,education\r\n"

// mixedLineEnds ends one clean record in CRLF, the others in LF.
const mixedLineEnds = "case_id,unit_id,filed_on,domain\n" +
	"K1,510104001001,2016-01-01,land\n" +
	"K2,510104001002,2016-01-02,land\r\n" +
	"K3,510104001002,2016/1/3,土地\n"

// TestSortKeys compares sortKeys with the standard library's sort, on
// slices above and below the size where it buckets by the top byte.
func TestSortKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 1000, 1 << 16, 300_000} {
		ks := make([]uint64, n)
		for i := range ks {
			ks[i] = r.Uint64()
			if i%7 == 0 {
				ks[i] &= 0x00FF_FFFF_FFFF_FFFF // crowd one bucket
			}
			if i%5 == 0 {
				ks[i] &= 0x0000_00FF_FFFF_FFFF // and buckets within it, three levels down
			}
			if i%11 == 0 && i > 0 {
				ks[i] = ks[i-1] // repeats
			}
		}
		want := slices.Clone(ks)
		slices.Sort(want)
		sortKeys(ks)
		if !slices.Equal(ks, want) {
			t.Errorf("n = %d: sortKeys differs from slices.Sort", n)
		}
	}
}
