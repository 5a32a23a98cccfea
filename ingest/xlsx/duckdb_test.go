package xlsx

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/microrisk/microrisk/model"
)

// TestDuckDBReadsCSV reads the CSVs of the golden cases and of awkward
// values with DuckDB's read_csv as the ingest does (all VARCHAR, explicit
// columns, strict mode) and checks that it sees the same records as
// encoding/csv.
func TestDuckDBReadsCSV(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	must(t, err)
	defer db.Close()
	awkward := []string{`a,b`, `say "hi"`, "two\nlines", "cr\r\nlf", " lead", "trail ", "全角，逗号", "tab\there", `\`, `\"`, "''"}
	rows := cells{"A1": {"case_id", "unit_id", "filed_on"}}
	for i, v := range awkward {
		rows[fmt.Sprintf("A%d", i+2)] = []any{v, "U", "42826", nil, v}
	}
	books := map[string]struct {
		path, sheet string
		l           *model.Ledger
	}{
		"awkward":             {build(t, []string{"S"}, map[string]cells{"S": rows}, nil), "S", model.Cases},
		"title_merged_header": {"testdata/title_merged_header/input.xlsx", "2017年发放", model.Payments},
		"handmade_1904":       {"testdata/handmade_1904/input.xlsx", "案件台账", model.Cases},
	}
	for name, bk := range books {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			s, err := WriteCSV(bk.path, bk.sheet, acceptLedger(bk.l), &buf, nil)
			must(t, err)
			path := filepath.Join(t.TempDir(), "sheet.csv")
			must(t, os.WriteFile(path, buf.Bytes(), 0o600))
			want, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
			must(t, err)
			got := readDuckDB(t, db, path, len(s.Columns()))
			if len(got) != len(want)-1 || int64(len(got)) != s.Rows {
				t.Fatalf("DuckDB read %d records, encoding/csv %d, Sheet.Rows %d", len(got), len(want)-1, s.Rows)
			}
			for i, rec := range got {
				for j, v := range rec {
					w := strings.ReplaceAll(want[i+1][j], "\r\n", "\n") // encoding/csv reads \r\n in a field as \n
					if strings.ReplaceAll(v, "\r\n", "\n") != w {
						t.Errorf("record %d field %d: DuckDB %q, encoding/csv %q", i+1, j, v, want[i+1][j])
					}
				}
			}
		})
	}
}

// readDuckDB reads path with the read_csv options of ingest's csvSource,
// NULLs as "".
func readDuckDB(t *testing.T, db *sql.DB, path string, n int) [][]string {
	t.Helper()
	cols := make([]string, n)
	sel := make([]string, n)
	for i := range cols {
		cols[i] = fmt.Sprintf("'c%d': 'VARCHAR'", i+1)
		sel[i] = fmt.Sprintf("coalesce(c%d, '')", i+1)
	}
	q := fmt.Sprintf(`SELECT %s FROM read_csv('%s', header = true, auto_detect = false, columns = {%s},
  delim = ',', quote = '"', escape = '"', strict_mode = true)`,
		strings.Join(sel, ", "), strings.ReplaceAll(path, "'", "''"), strings.Join(cols, ", "))
	rs, err := db.Query(q)
	must(t, err)
	defer rs.Close()
	var out [][]string
	for rs.Next() {
		rec := make([]string, n)
		ptrs := make([]any, n)
		for i := range rec {
			ptrs[i] = &rec[i]
		}
		must(t, rs.Scan(ptrs...))
		out = append(out, rec)
	}
	must(t, rs.Err())
	return out
}
