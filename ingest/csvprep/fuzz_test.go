package csvprep

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	_ "github.com/duckdb/duckdb-go/v2"
)

// spacesQuote finds spaces and a quote at the start of a value.
var spacesQuote = regexp.MustCompile(`(^|\n|,) +"`)

// fuzzAlphabet is what FuzzTokenizer builds files of: values, delimiters,
// quotes, line ends and spaces. Carriage returns are left out: the
// pre-pass copies every line end as LF (DuckDB's reader refuses a file
// that mixes CRLF and LF), and quotes a lone CR that DuckDB would take for
// a line end, on purpose.
const fuzzAlphabet = "ab1,\"\n \n,,\"\"张"

// FuzzTokenizer holds the pre-pass's tokenizer against DuckDB's own CSV
// reader: a file that both read without a malformed record, read as the
// load reads it (the clean records from the Arrow batches, the
// others from the parts' files through DuckDB's reader again), must give
// the same records, in the same order, and none malformed. Any file, well
// formed or not, must be read whole: every record the pre-pass counts is
// loaded or set aside, each with its row, and DuckDB never fails on the
// parts' files.
func FuzzTokenizer(f *testing.F) {
	for _, s := range []string{
		"1,2,3\na,b,c\n", "1,\"2\n2\",3\n", "\"a\"\"b\",,\n", "1,2\n3,4,5,6\n", "\"unclosed,1,2\n3,4,5\n",
		"a b,c ,d\n\n\n1,2,3", "\"x\"y,1,2\n", "1,2,3\n\"\n\",\",\"\n", "a\"b,c,d\n",
	} {
		f.Add([]byte(s), uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, parts uint8) {
		db, err := sql.Open("duckdb", "")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(1)
		var b strings.Builder
		b.WriteString("c1,c2,c3\n")
		alphabet := []rune(fuzzAlphabet)
		for _, c := range data {
			if strings.ContainsRune("ab1,\" \n", rune(c)) {
				b.WriteByte(c)
			} else {
				b.WriteRune(alphabet[int(c)%len(alphabet)])
			}
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		direct, directBad := readDirect(t, db, path)
		ours, oursBad, unclosed := readOurs(t, db, path, dir, int(parts%4)+1)
		if unclosed || directBad > 0 || oursBad > 0 || spacesQuote.MatchString(b.String()) {
			// Where a file is malformed, the pre-pass and DuckDB's reader
			// may tell its records apart differently: a quote never
			// closed makes the rest of the file one record for the
			// pre-pass, where DuckDB's reader reads on from the next
			// line; a quote inside an unquoted value can make it join
			// lines; spaces and a quote at the start of a value open a
			// quoted value for it, at times, never for the pre-pass (nor
			// for Excel or Python's csv); a character after a closing
			// quote it reads on from, where the pre-pass rejects the
			// record. readOurs has checked that nothing was lost.
			return
		}
		if !slices.Equal(direct, ours) || directBad != oursBad {
			t.Fatalf("file %q\nDuckDB: %q, %d malformed\nours:   %q, %d malformed", b.String(), direct, directBad, ours, oursBad)
		}
	})
}

// readDirect reads the file with DuckDB's reader as the load reads the
// parts' files, and returns the records and how many it set aside.
func readDirect(t *testing.T, db *sql.DB, path string) ([]string, int) {
	t.Helper()
	exec(t, db, `DROP TABLE IF EXISTS direct_rej`, `DROP TABLE IF EXISTS direct_scan`)
	q := fmt.Sprintf(`SELECT concat_ws('|', coalesce(c1, '∅'), coalesce(c2, '∅'), coalesce(c3, '∅')) FROM read_csv(%s,
  header = true, auto_detect = false, columns = {'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR'}, delim = ',', quote = '"', escape = '"',
  strict_mode = true, ignore_errors = true, store_rejects = true, rejects_table = 'direct_rej', rejects_scan = 'direct_scan')`, sqlString(path))
	recs := query(t, db, q)
	return recs, count(t, db, `SELECT count(DISTINCT line) FROM direct_rej`)
}

// readOurs reads the file as the load does, in parts parts, and returns
// the records, by row, how many DuckDB's reader set aside or the pre-pass
// refused, and whether a quote was never closed.
func readOurs(t *testing.T, db *sql.DB, path, dir string, parts int) ([]string, int, bool) {
	t.Helper()
	f, err := Open(path, Options{WorkDir: dir, Parts: parts, MinPartBytes: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Remove()
	run := f.Start(Clean{Fields: make([]Field, 3)})
	type rec struct {
		row int64
		s   string
	}
	var recs []rec
	rd := run.Reader()
	for rd.Next() {
		b := rd.RecordBatch()
		for r := range int(b.NumRows()) {
			vals := make([]string, 3)
			for c := range 3 {
				col := b.Column(c + 1).(*array.String)
				vals[c] = "∅"
				if !col.IsNull(r) {
					vals[c] = col.Value(r)
				}
			}
			recs = append(recs, rec{b.Column(0).(*array.Int64).Value(r), strings.Join(vals, "|")})
		}
	}
	sum, err := run.Wait(false)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, db, `DROP TABLE IF EXISTS `+RejectsTable, `DROP TABLE IF EXISTS _csv_scan`)
	rows, err := db.Query(`SELECT _src_row, coalesce(_malformed, ''), concat_ws('|', coalesce(c1, '∅'), coalesce(c2, '∅'), coalesce(c3, '∅'))
FROM ` + f.OthersTable())
	if err != nil {
		t.Fatal(err)
	}
	bad, unclosed := 0, false
	for rows.Next() {
		var r rec
		var row sql.NullInt64
		var why string
		if err := rows.Scan(&row, &why, &r.s); err != nil {
			t.Fatal(err)
		}
		if !row.Valid {
			t.Fatalf("a record without a row: %q", r.s)
		}
		r.row = row.Int64
		if why != "" {
			bad++
			unclosed = unclosed || why == unclosedQuote
			continue
		}
		recs = append(recs, r)
	}
	rows.Close()
	bad += count(t, db, `SELECT count(DISTINCT (csv_line)) FROM `+RejectsTable)
	slices.SortFunc(recs, func(a, b rec) int { return int(a.row - b.row) })
	var out []string
	for i, r := range recs {
		if i > 0 && r.row == recs[i-1].row {
			t.Fatalf("row %d twice", r.row)
		}
		out = append(out, r.s)
	}
	if got := int64(len(out) + bad); got != sum.Records {
		t.Errorf("%d records loaded or set aside, the pre-pass counted %d", got, sum.Records)
	}
	return out, bad, unclosed
}

func exec(t *testing.T, db *sql.DB, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
}

func query(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
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
	return out
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
