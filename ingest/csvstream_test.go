package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/microrisk/microrisk/ingest/textenc"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// loadDump loads units and then payments into a fresh database, with files
// of at least minStream bytes streamed, and returns what the load left:
// the counts, the payments table and the rejects, as text.
func loadDump(t *testing.T, units, payments string, minStream int64) string {
	t.Helper()
	old := streamMinBytes
	streamMinBytes = minStream
	defer func() { streamMinBytes = old }()
	db := openTestDB(t)
	ctx := context.Background()
	opts := Options{Key: InsecureTestKey}
	if _, err := LoadFile(ctx, db, units, opts); err != nil {
		t.Fatal(err)
	}
	res, err := LoadFile(ctx, db, payments, opts)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range res {
		fmt.Fprintf(&b, "%s: read %d loaded %d rejected %d\n", r.Encoding, r.Read, r.Loaded, r.Rejected)
	}
	dumpQuery(t, db, &b, `SELECT * EXCLUDE (_batch) FROM payments ORDER BY _row`)
	dumpQuery(t, db, &b, `SELECT "row", "column", "value", reason FROM rejects WHERE ledger = 'payments' ORDER BY ALL`)
	return b.String()
}

func dumpQuery(t *testing.T, db *sql.DB, b *strings.Builder, q string) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(b, vals...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// dirtyPayments appends to a clean payments file rows that the fast path
// does not take (spaces, other spellings, bad values, a repeated key,
// blank lines), and, if quoteAt is "start" or "end", a record with a
// quoted line break there.
func dirtyPayments(t *testing.T, clean, out, quoteAt string) {
	t.Helper()
	b, err := os.ReadFile(clean)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	dirty := []string{
		"D1, 5101 ,dibao,510104198001010014,12.5,2016-01-02,张三,1\n",
		"D2,5101,dibao,510104198001010014,\"1,234.50\",2016/1/3,张三,2\n",
		"\n",
		"D3,5101,dibao,510104198001010015,12.5,2016-01-02,张三,3\n", // bad check digit
		"D4,9999,dibao,510104198001010014,12.5,2016-01-02,张三,4\n", // unknown unit
		"P7,5101,dibao,510104198001010014,12.5,2016-01-02,张三,5\n", // key repeated
		"D5,5101,dibao,510104198001010014,12.5万,2016年1月5日,张三,6\n",
	}
	quoted := "Q1,5101,dibao,510104198001010014,1.5,2016-01-02,\"张\n三\",7\n"
	var all []string
	all = append(all, lines[0])
	if quoteAt == "start" {
		all = append(all, quoted)
	}
	body := lines[1:]
	mid := len(body) * 3 / 4
	all = append(all, body[:mid]...)
	all = append(all, dirty...)
	all = append(all, body[mid:]...)
	if quoteAt == "end" {
		all = append(all, quoted)
	}
	if err := os.WriteFile(out, []byte(strings.Join(all, "")), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestStreamMatchesCopy loads files streamed (clean records as Arrow
// batches, the others through the parts' files) and copied to a
// temporary file, and expects the same tables, rejects and counts.
func TestStreamMatchesCopy(t *testing.T) {
	skipWithoutStreams(t)
	dir := t.TempDir()
	units, clean, _ := writePayments(t, dir, 20_000)
	dirty := filepath.Join(dir, "payments_dirty.csv")
	dirtyPayments(t, clean, dirty, "end")
	quoteFirst := filepath.Join(dir, "payments_quote.csv")
	dirtyPayments(t, clean, quoteFirst, "start")
	repeated := filepath.Join(dir, "payments_repeated.csv")
	b, err := os.ReadFile(clean)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, "P7,5101,dibao,510104198001010014,12.5,2016-01-02,张三,5\n"...)
	if err := os.WriteFile(repeated, b, 0o600); err != nil {
		t.Fatal(err)
	}
	crlf := filepath.Join(dir, "payments_crlf.csv")
	b, err = os.ReadFile(dirty)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.ReplaceAll(string(b), "\n", "\r\n"))
	if err := os.WriteFile(crlf, b, 0o600); err != nil {
		t.Fatal(err)
	}
	gbk := filepath.Join(dir, "payments_gbk.csv")
	toGB18030(t, dirty, gbk)
	bom := filepath.Join(dir, "payments_bom.csv")
	b, err = os.ReadFile(dirty)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bom, append([]byte("\xef\xbb\xbf"), b...), 0o600); err != nil {
		t.Fatal(err)
	}
	tabs := filepath.Join(dir, "payments_tabs.csv")
	b, err = os.ReadFile(clean)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tabs, []byte(strings.ReplaceAll(string(b), ",", "\t")), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		streamed   bool
		rejected   int
	}{
		{"clean", clean, true, 0},
		{"clean, a key repeated", repeated, true, 1},
		{"dirty, a quoted line break in the last part", dirty, true, 3},
		{"a quoted line break in the first part", quoteFirst, false, 3},
		{"GB18030, dirty", gbk, true, 3},
		{"CRLF, dirty", crlf, true, 3},
		{"UTF-8 with a byte-order mark, dirty", bom, true, 3},
		{"tab-delimited, clean", tabs, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := streams(t, tt.file); got != tt.streamed {
				t.Fatalf("streamed = %v, want %v", got, tt.streamed)
			}
			streamed := loadDump(t, units, tt.file, 0)
			copied := loadDump(t, units, tt.file, 1<<62)
			if want := fmt.Sprintf("rejected %d\n", tt.rejected); !strings.Contains(streamed, want) {
				t.Errorf("streamed load: %s, want %s", strings.SplitN(streamed, "\n", 2)[0], want)
			}
			if streamed != copied {
				t.Errorf("streamed and copied loads differ:\n%s", firstDiff(streamed, copied))
			}
		})
	}
}

func toGB18030(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	g, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, g, 0o600); err != nil {
		t.Fatal(err)
	}
}

// streams reports whether the payments file would be streamed.
func streams(t *testing.T, path string) bool {
	t.Helper()
	old := streamMinBytes
	streamMinBytes = 0
	defer func() { streamMinBytes = old }()
	db := openTestDB(t)
	units, _, _ := writePayments(t, t.TempDir(), 1)
	ctx := context.Background()
	opts := Options{Key: InsecureTestKey, Table: "payments"}
	if _, err := LoadFile(ctx, db, units, Options{Key: InsecureTestKey}); err != nil {
		t.Fatal(err)
	}
	src, err := openStream(path, "", t.TempDir(), fastPathFor(ctx, db, path, opts))
	if err != nil {
		t.Fatal(err)
	}
	if src == nil {
		return false
	}
	src.cleanup()
	return true
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  streamed: %s\n  copied:   %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(al), len(bl))
}

// TestStreamStopsWhenNotRead: when the load fails before DuckDB reads the
// clean records, waiting for the stream returns an error instead of
// hanging.
func TestStreamStopsWhenNotRead(t *testing.T) {
	skipWithoutStreams(t)
	dir := t.TempDir()
	// More blocks than the clean records' channel holds: the parts must
	// wait for a reader that never comes.
	_, clean, _ := writePayments(t, dir, 300_000)
	old := streamMinBytes
	streamMinBytes = 0
	defer func() { streamMinBytes = old }()
	fast := &fastPath{cols: make([]fastCol, 8), oneRead: true}
	s, err := planStream(clean, dir, textenc.UTF8, ',', fast)
	if err != nil || s == nil {
		t.Fatalf("planStream = %v, %v", s, err)
	}
	defer s.remove()
	s.start(8)
	done := make(chan error, 1)
	go func() { done <- s.wait(true) }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("wait after a failed load: no error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("wait hung")
	}
}

func TestScanPart(t *testing.T) {
	tests := []struct {
		name, in    string
		lines       int64
		quote, utf8 bool
	}{
		{"lines", "a,b\n1,2\n\n3,4\n", 4, false, true},
		{"no final line end", "a,b\n1,2", 2, false, true},
		{"quote", "a,b\n\"1\",2\n", 2, true, true},
		{"Chinese", "名称\n张三\n", 2, false, true},
		{"GBK", "a\n\xd5\xc5\xc8\xfd\n", 2, false, false},
		{"empty", "", 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tempFile(t, tt.in)
			sc := scanPart(f, 0, int64(len(tt.in)), true)
			if sc.err != nil || sc.quote != tt.quote || sc.valid != tt.utf8 || (tt.utf8 && sc.lines != tt.lines) {
				t.Errorf("scanPart = %+v, want lines %d quote %v utf8 %v", sc, tt.lines, tt.quote, tt.utf8)
			}
		})
	}
}

// TestScanGBPart: a part is streamed as GB18030 only if it is GB18030 and
// not UTF-8 (a part of plain ASCII or UTF-8 sends the file to the copy).
func TestScanGBPart(t *testing.T) {
	tests := []struct {
		name, in string
		lines    int64
		valid    bool
	}{
		{"GBK", "a,b\n\xd5\xc5\xc8\xfd,\"1\"\n3,4", 3, true},
		{"UTF-8", "名称\n张三\n", 2, false},
		{"ASCII", "a,b\n1,2\n", 2, false},
		{"not GB18030", "a\n\xd5\xc5\xff\xff\n", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tempFile(t, tt.in)
			sc := scanGBPart(f, 0, int64(len(tt.in)))
			if sc.valid != tt.valid || (tt.valid && sc.lines != tt.lines) {
				t.Errorf("scanGBPart = %+v, want lines %d valid %v", sc, tt.lines, tt.valid)
			}
		})
	}
}

// tempFile writes content to a temporary file and opens it for reading.
func tempFile(t *testing.T, content string) *os.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestLoneCarriageReturn: a carriage return inside an unquoted value is
// part of the value (DuckDB's reader used to refuse the whole file); here
// the enumeration's matching, which ignores white space, reads it as land.
func TestLoneCarriageReturn(t *testing.T) {
	dir := t.TempDir()
	units, _, _ := writePayments(t, dir, 1)
	cases := filepath.Join(dir, "cases.csv")
	if err := os.WriteFile(cases, []byte("case_id,unit_id,filed_on,domain\nK3,5101,2016-01-03,la\rnd\nK4,5101,2016-01-04,land\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := openTestDB(t)
	ctx := context.Background()
	opts := Options{Key: InsecureTestKey}
	if _, err := LoadFile(ctx, db, units, opts); err != nil {
		t.Fatal(err)
	}
	res, err := LoadFile(ctx, db, cases, opts)
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]; r.Read != 2 || r.Loaded != 2 || r.Rejected != 0 {
		t.Errorf("read %d loaded %d rejected %d, want 2, 2, 0", r.Read, r.Loaded, r.Rejected)
	}
	var domain string
	if err := db.QueryRow(`SELECT domain FROM cases WHERE case_id = 'K3'`).Scan(&domain); err != nil || domain != "land" {
		t.Errorf("K3's domain = %q, %v; want land", domain, err)
	}
}

// TestMalformedRecordValue: a record DuckDB's reader cannot split is shown
// in rejects as the file holds it, without what the numbered copy put in
// front of it.
func TestMalformedRecordValue(t *testing.T) {
	dir := filepath.Join("testdata", "rows_blank_lines")
	db := openTestDB(t)
	ctx := context.Background()
	opts := Options{Key: InsecureTestKey}
	var batch int64
	for _, f := range []string{"units.csv", "reports.csv"} {
		res, err := LoadFile(ctx, db, filepath.Join(dir, f), opts)
		if err != nil {
			t.Fatal(err)
		}
		batch = res[0].BatchID
	}
	var value string
	if err := db.QueryRow(`SELECT "value" FROM rejects WHERE batch_id = ? AND "row" = 5`, batch).Scan(&value); err != nil {
		t.Fatal(err)
	}
	if want := "R3,510104001002,2016-03-07"; value != want {
		t.Errorf("value = %q, want %q", value, want)
	}
}

// skipWithoutStreams skips a test of streaming in a build without the
// duckdb_arrow tag (the Makefile sets it), where files are always copied.
func skipWithoutStreams(t *testing.T) {
	t.Helper()
	if !canStream {
		t.Skip("built without the duckdb_arrow tag: CSV files are copied, never streamed")
	}
}
