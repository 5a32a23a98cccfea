package csvprep

import (
	"fmt"
	"strings"
)

// RejectsTable is the table DuckDB's reader puts the records it cannot
// split into (read_csv's rejects_table); OthersTable's reading replaces
// it.
const RejectsTable = "_csv_rej"

// OthersTable is the SQL table expression over the parts' files of the
// records that are not clean, once the run is over: RowColumn, _ws (a
// value may need trimming), _malformed (why the record cannot be loaded at
// all, or NULL), _shown (what a reject shows of such a record) and the
// raw VARCHAR columns c1..cn. Records DuckDB's reader cannot split into
// the header's columns go to RejectsTable (see MalformedSQL).
func (f *File) OthersTable() string {
	files := make([]string, len(f.parts))
	for i, p := range f.parts {
		files[i] = sqlString(p.others)
	}
	cols := []string{fmt.Sprintf("'%s': 'BIGINT', '%s': 'UTINYINT', '%s': 'VARCHAR', '%s': 'VARCHAR'",
		RowColumn, spacedColumn, badColumn, shownColumn)}
	for i := range f.header {
		cols = append(cols, fmt.Sprintf("'c%d': 'VARCHAR'", i+1))
	}
	return fmt.Sprintf(`(SELECT %[4]s, %[5]s = 1 AS _ws, %[6]s AS _malformed, %[7]s AS _shown, * EXCLUDE (%[4]s, %[5]s, %[6]s, %[7]s)
FROM read_csv([%[1]s], header = true, auto_detect = false, columns = {%[2]s}, delim = %[3]s, quote = '"', escape = '"',
  strict_mode = true, ignore_errors = true, store_rejects = true, rejects_table = '%[8]s', rejects_scan = '_csv_scan',
  max_line_size = %[9]d))`,
		strings.Join(files, ", "), strings.Join(cols, ", "), sqlString(string(f.delim)), RowColumn, spacedColumn, badColumn,
		shownColumn, RejectsTable, f.maxLine())
}

// maxLine bounds a line of the parts' files: a record and what the
// numberer puts in front of it.
func (f *File) maxLine() int { return 2*f.limits.MaxRowBytes + 1024 }

// MalformedSQL returns, for line (an SQL expression of RejectsTable's
// csv_line: a numbered record DuckDB's reader could not split), the
// record's row and the record as the file holds it, without what the
// numberer put in front of it.
func (f *File) MalformedSQL(line string) (row, record string) {
	num := fmt.Sprintf("split_part(%s, %s, 1)", line, sqlString(string(f.delim)))
	row = fmt.Sprintf("TRY_CAST(%s AS BIGINT)", num)
	// The number, then the delimiter, the flag and three more delimiters.
	record = fmt.Sprintf("CASE WHEN %[2]s IS NOT NULL THEN substr(%[1]s, length(%[3]s) + 5) ELSE %[1]s END", line, row, num)
	return row, record
}

// ExtrasTable is the SQL table expression over the values the clean
// records kept aside (Summary.Asides): RowColumn, field (the field's
// place in the header, from 1) and value.
func (f *File) ExtrasTable() string {
	files := make([]string, len(f.parts))
	for i, p := range f.parts {
		files[i] = sqlString(p.asides)
	}
	return fmt.Sprintf(`(SELECT * FROM read_csv([%s], header = false, auto_detect = false,
  columns = {'%s': 'BIGINT', 'field': 'INTEGER', 'value': 'VARCHAR'}, delim = ',', quote = '"', escape = '"', max_line_size = %d))`,
		strings.Join(files, ", "), RowColumn, f.maxLine())
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
