package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/microrisk/microrisk/ingest/csvprep"
	"github.com/microrisk/microrisk/store"
)

// source is one table of a file, ready for the SQL validation: a table
// expression with _src_row (the row as the source shows it, increasing in
// record order), _ws (false when no value of the record needs trimming),
// _malformed (NULL, or why the record as a whole cannot be loaded),
// _shown (what a reject shows of such a record) and the raw VARCHAR
// columns c1..cn named by headers.
//
// Rows are numbered the way the analyst finds them: in a CSV file or a
// worksheet, the row a spreadsheet shows (the header row is row 1 in a CSV;
// a worksheet keeps its own numbering, title rows included); in JSON lines,
// the line; in Parquet and Arrow, the record (1 = the first).
type source struct {
	kind     string // csv, xlsx, parquet, arrow, jsonl
	headers  []string
	sheet    string
	encoding string
	date1904 bool
	// table is the SQL table expression described above; a CSV file's is
	// its pre-pass's others' table, known once the pre-pass is over.
	table string
	// csv is a CSV file's pre-pass; run, once started, numbers it, and
	// view names the view of its clean records.
	csv     *csvprep.File
	run     *csvprep.Run
	view    string
	cleanup func()
}

// Kinds of file by extension.
var kindByExt = map[string]string{
	".csv": "csv", ".txt": "csv", ".tsv": "csv",
	".xlsx": "xlsx", ".xlsm": "xlsx",
	".parquet": "parquet",
	".arrow":   "arrow", ".ipc": "arrow", ".feather": "arrow", ".arrows": "arrow",
	".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
}

func fileKind(path string) string { return kindByExt[strings.ToLower(filepath.Ext(path))] }

// sourceColumns returns "CAST(col AS VARCHAR) AS c1, ..." for named columns.
func castColumns(names []string, cast func(string) string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s AS c%d", cast(n), i+1)
	}
	return strings.Join(parts, ", ")
}

func quoteIdent(n string) string { return `"` + strings.ReplaceAll(n, `"`, `""`) + `"` }

// describe returns the column names and types of a table expression.
func describe(ctx context.Context, db *sql.DB, table string) (names, types []string, err error) {
	rows, err := db.QueryContext(ctx, "DESCRIBE SELECT * FROM "+table)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		names = append(names, fmt.Sprint(vals[0]))
		types = append(types, fmt.Sprint(vals[1]))
	}
	return names, types, rows.Err()
}

// LocalZone is the time zone in which zoned timestamps become dates: the
// ledgers are Chinese, and 04:05 in Chengdu is the previous day in UTC.
const LocalZone = "Asia/Shanghai"

// asText casts a typed column to the text the validation parses: zoned
// timestamps in LocalZone, everything else as DuckDB prints it.
func asText(name, typ string) string {
	if typ == "TIMESTAMP WITH TIME ZONE" {
		return fmt.Sprintf("CAST(timezone('%s', %s) AS VARCHAR)", LocalZone, quoteIdent(name))
	}
	return "CAST(" + quoteIdent(name) + " AS VARCHAR)"
}

// openParquet reads a Parquet file with DuckDB's bundled reader; every
// column is cast to VARCHAR and validated like CSV text (dates come out ISO,
// decimals plain).
func openParquet(ctx context.Context, db *sql.DB, path string) (*source, error) {
	scan := fmt.Sprintf("read_parquet(%s)", quote(path))
	names, types, err := describe(ctx, db, scan)
	if err != nil {
		return nil, fmt.Errorf("read parquet: %w", err)
	}
	if len(names) == 0 {
		return nil, ErrEmptyFile
	}
	casts := make([]string, len(names))
	for i := range names {
		casts[i] = fmt.Sprintf("%s AS c%d", asText(names[i], types[i]), i+1)
	}
	return &source{kind: "parquet", headers: names, cleanup: func() {},
		table: fmt.Sprintf("(SELECT row_number() OVER () AS _src_row, true AS _ws, NULL::VARCHAR AS _malformed, NULL::VARCHAR AS _shown, %s FROM %s)",
			strings.Join(casts, ", "), scan)}, nil
}

// openJSONLines reads one JSON object per line. Each line is read as text
// and parsed in SQL, so that a malformed line is a reject with its line
// number rather than a silent skip; the columns are the union of the keys.
func openJSONLines(ctx context.Context, db *sql.DB, path string) (*source, error) {
	// Invalid lines are replaced by '{}' before any JSON function sees them
	// (those functions raise an error on malformed input); jok remembers.
	lines := fmt.Sprintf(`(SELECT _src_row, line, jok, CASE WHEN jok THEN line ELSE '{}' END AS jline FROM (
  SELECT row_number() OVER () AS _src_row, line, json_valid(line) AS jok FROM read_csv(%s, columns = {'line': 'VARCHAR'},
  header = false, auto_detect = false, delim = '\x1f', quote = '', escape = '', strict_mode = false)))`, quote(path))
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT k FROM (SELECT DISTINCT unnest(json_keys(jline)) AS k FROM %s
WHERE json_type(jline) = 'OBJECT') ORDER BY k`, lines))
	if err != nil {
		return nil, fmt.Errorf("read json lines: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		names = append(names, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: no JSON object on any line", ErrEmptyFile)
	}
	cast := func(n string) string {
		return fmt.Sprintf("json_extract_string(jline, %s)", quote("$."+jsonPathKey(n)))
	}
	return &source{kind: "jsonl", headers: names, cleanup: func() {},
		table: fmt.Sprintf(`(SELECT _src_row, true AS _ws, CASE WHEN jok AND json_type(jline) = 'OBJECT' THEN NULL
  ELSE 'malformed JSON line' END AS _malformed, CASE WHEN NOT jok OR json_type(jline) <> 'OBJECT' THEN left(line, 120) END AS _shown,
  %s FROM %s WHERE trim(line) <> '')`,
			castColumns(names, cast), lines)}, nil
}

// jsonPathKey quotes a key for a JSON path.
func jsonPathKey(k string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(k) + `"`
}

// openSources opens the tables of a file by its kind.
func openSources(ctx context.Context, db *sql.DB, path string, opts Options) ([]*source, error) {
	var src *source
	var err error
	dir := store.WorkDir(ctx, db)
	switch fileKind(path) {
	case "csv":
		src, err = openCSV(path, dir, opts)
	case "parquet":
		src, err = openParquet(ctx, db, path)
	case "jsonl":
		src, err = openJSONLines(ctx, db, path)
	case "arrow":
		src, err = openArrow(ctx, db, path, dir)
	case "xlsx":
		return openXLSX(path, dir, opts)
	default:
		return nil, fmt.Errorf("unsupported file type %q (csv, tsv, txt, xlsx, parquet, arrow, jsonl)", filepath.Ext(path))
	}
	if err != nil {
		return nil, err
	}
	if len(src.headers) > opts.limits().MaxColumns {
		src.cleanup()
		return nil, fmt.Errorf("%d columns, more than the limit of %d: not a ledger", len(src.headers), opts.limits().MaxColumns)
	}
	return []*source{src}, nil
}

// openCSV reads a CSV file's header and plans its pre-pass (csvprep); the
// load starts it once the file's ledger and plan are known. Its working
// files go to the database's private folder dir, since they hold the
// file's values in clear (store.Open removes a killed run's).
func openCSV(path, dir string, opts Options) (*source, error) {
	f, err := csvprep.Open(path, csvprep.Options{Encoding: opts.Encoding, WorkDir: dir, FilePrefix: store.WorkFilePrefix,
		MinPartBytes: opts.minPartBytes, Limits: opts.limits()})
	if errors.Is(err, csvprep.ErrEmpty) {
		err = ErrEmptyFile
	}
	if err != nil {
		return nil, err
	}
	return &source{kind: "csv", headers: f.Header(), encoding: f.Encoding(), csv: f, cleanup: f.Remove}, nil
}
