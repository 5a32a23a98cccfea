// Package export writes microrisk's tables for other tools: a run's scores,
// indicators and targets, and the ingest rejects, as CSV, XLSX or JSON.
//
// CSV and JSON are for programs: their headers and keys are the columns'
// machine names (unit_id, score…). XLSX is for analysts in WPS or Excel:
// headers in Chinese or English (Lang), one sheet per table, the header row
// frozen and filtered, columns as wide as their contents, and number formats
// from each column's Kind (rates to three decimals, amounts with thousands
// separators, dates as real dates).
//
// In CSV and JSON, text that a spreadsheet would run as a formula (starting
// with = + - @, a tab or a carriage return) is written with a leading
// apostrophe; XLSX stores text as text cells, which are never evaluated.
// Files are readable by their owner only.
package export

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/outfile"
	"github.com/microrisk/microrisk/risk"
)

// What names a table to export.
type What string

// The tables that can be exported.
const (
	Scores     What = "scores"
	Indicators What = "indicators"
	Targets    What = "targets"
	Rejects    What = "rejects"
	// Flags are the records behind each unit's indicators.
	Flags What = "flags"
	// Families are each unit's score per family of indicators.
	Families What = "families"
	// Worklists are the targets and their flags, one workbook per owner
	// (see Worklists); not a table of Query.
	Worklists What = "worklists"
)

// Whats lists the tables in the order `microrisk export -h` names them.
var Whats = []What{Scores, Indicators, Families, Flags, Targets, Worklists, Rejects}

// Formats understood by Write and WriteSheets.
var Formats = []string{"csv", "xlsx", "json"}

// Table is a result ready to write: its columns and rows of values
// (string, int64, float64, bool, time.Time or nil), one per column.
type Table struct {
	Columns []Column
	Rows    [][]any
}

// Query runs the export query for what (runID is ignored for rejects) and
// returns its table. Exports are per unit or per reject, never a ledger.
func Query(ctx context.Context, db *sql.DB, what What, runID string) (*Table, error) {
	return QueryUnit(ctx, db, what, runID, "")
}

// QueryUnit is Query restricted to one unit where unit is not empty (for
// the per-unit tables: scores, indicators, families, flags, targets).
func QueryUnit(ctx context.Context, db *sql.DB, what What, runID, unit string) (*Table, error) {
	var q string
	var args []any
	switch what {
	case Scores:
		cols, err := indicatorIDs(ctx, db, runID)
		if err != nil {
			return nil, err
		}
		q, args = scoresSQL(cols), []any{runID, unit, unit}
	case Indicators:
		q, args = `SELECT i.unit_id, u.name, u.level, d.district_id, i.indicator, i.value, i.observed, i.expected,
  i.std, i.contribution, i.abstain, i.at_stake
FROM indicators i JOIN units u USING (unit_id) LEFT JOIN unit_district d USING (unit_id)
WHERE i.run_id = ? AND (? = '' OR i.unit_id = ?) ORDER BY i.unit_id, i.indicator`, []any{runID, unit, unit}
	case Families:
		q, args = `SELECT f.unit_id, u.name, u.level, d.district_id, f.family, f.composite, round(f.score, 2) AS score
FROM family_scores f JOIN units u USING (unit_id) LEFT JOIN unit_district d USING (unit_id)
WHERE f.run_id = ? AND (? = '' OR f.unit_id = ?) ORDER BY f.unit_id, f.family`, []any{runID, unit, unit}
	case Flags:
		q, args = `SELECT f.unit_id, u.name, u.level, d.district_id, f.rule, f.ledger, f.record_id, f.record_on, f.amount,
  f.reason_zh, f.reason_en, f.figures, b.file AS source_file, b.sheet AS source_sheet, f.source_row
FROM flags f JOIN units u USING (unit_id) LEFT JOIN unit_district d USING (unit_id)
LEFT JOIN batches b ON b.batch_id = f.batch_id
WHERE f.run_id = ? AND (? = '' OR f.unit_id = ?) ORDER BY f.unit_id, f.rule, f.amount DESC NULLS LAST, f.record_id`, []any{runID, unit, unit}
	case Targets:
		q, args = targetsSQL+`WHERE t.run_id = ? AND (? = '' OR t.unit_id = ?) ORDER BY t.kind, t.round, t.team, t.seq`, []any{runID, unit, unit}
	case Rejects:
		q = `SELECT r.batch_id, r.ledger, r.file, r.sheet, r."row", r."column", r."value", r.reason
FROM rejects r ORDER BY r.batch_id, r."row", r."column"`
	default:
		return nil, fmt.Errorf("export: unknown table %q (scores, indicators, families, flags, targets, rejects; worklists are written by Worklists)", what)
	}
	t, err := collect(ctx, db, q, args...)
	if err != nil {
		return nil, err
	}
	t.Columns = describe(what, t.Names())
	return t, nil
}

// indicatorIDs lists the run's indicators in a stable order.
func indicatorIDs(ctx context.Context, db *sql.DB, runID string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT indicator FROM indicators WHERE run_id = ? ORDER BY indicator`, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// scoresSQL is DESIGN.md's scores export: unit_id, name, level,
// district_id, score, rank, band, reasons (';'-separated), then one column
// per indicator named by its id (empty where it abstained).
func scoresSQL(indicators []string) string {
	var b strings.Builder
	b.WriteString(`SELECT s.unit_id, u.name, u.level, d.district_id, round(s.score, 2) AS score, s.rank, s.band,
  replace(s.reasons_zh, chr(10), '; ') AS reasons, replace(s.reasons_en, chr(10), '; ') AS reasons_en, s.composite`)
	for _, f := range risk.Families {
		fmt.Fprintf(&b, ",\n  (SELECT round(f.score, 2) FROM family_scores f WHERE f.run_id = s.run_id AND f.unit_id = s.unit_id AND f.family = '%s') AS %s",
			f, model.Ident("family_"+f))
	}
	for _, id := range indicators {
		fmt.Fprintf(&b, ",\n  max(i.value) FILTER (WHERE i.indicator = '%s') AS %s", strings.ReplaceAll(id, "'", "''"), model.Ident(id))
	}
	b.WriteString(`
FROM scores s JOIN units u USING (unit_id) LEFT JOIN unit_district d USING (unit_id)
LEFT JOIN indicators i ON i.run_id = s.run_id AND i.unit_id = s.unit_id
WHERE s.run_id = ? AND (? = '' OR s.unit_id = ?)
GROUP BY ALL ORDER BY s.rank`)
	return b.String()
}

func collect(ctx context.Context, db *sql.DB, q string, args ...any) (*Table, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("export query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	t := &Table{Columns: make([]Column, len(cols))}
	for i, c := range cols {
		t.Columns[i] = Column{Name: c}
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, rows.Err()
}

// Write writes t to path in format (csv, xlsx or json), mode 0600, with the
// machine names as headers (an XLSX file has one sheet, Sheet1).
func Write(t *Table, format, path string) error {
	return WriteSheets([]Sheet{{Name: "Sheet1", Table: t}}, format, path, Names)
}

// WriteSheets writes tables to path in format, mode 0600. An XLSX file has
// one sheet per table, its headers in lang; CSV holds one table, with the
// machine names as headers; JSON holds one table as an array of objects
// keyed by the machine names, or several as an object of such arrays keyed
// by the sheets' names (as SheetName makes them, repeats numbered).
func WriteSheets(sheets []Sheet, format, path string, lang Lang) error {
	if len(sheets) == 0 {
		return fmt.Errorf("write %s: no table", path)
	}
	if !slices.Contains(Formats, format) {
		return fmt.Errorf("write %s: unknown format %q (csv, xlsx, json)", path, format)
	}
	if format == "csv" && len(sheets) > 1 {
		return fmt.Errorf("write %s: a CSV file holds one table, not %d (use xlsx or json)", path, len(sheets))
	}
	f, err := outfile.Open(path)
	if err != nil {
		return err
	}
	switch format {
	case "csv":
		err = writeCSV(f, sheets[0].Table)
	case "xlsx":
		err = writeXLSX(f, sheets, lang)
	case "json":
		err = writeJSON(f, sheets)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(path, 0o600)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// SafeCell neutralises text a spreadsheet would run as a formula by
// prefixing an apostrophe (OWASP's CSV-injection advice).
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
