// Package export writes microrisk's tables for other tools: a run's scores,
// indicators and targets, and the ingest rejects, as CSV, XLSX or JSON.
//
// Cells that a spreadsheet would run as a formula (starting with = + - @,
// a tab or a carriage return) are written with a leading apostrophe, and
// files are readable by their owner only.
package export

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/outfile"
)

// What names a table to export.
type What string

// The tables that can be exported.
const (
	Scores     What = "scores"
	Indicators What = "indicators"
	Targets    What = "targets"
	Rejects    What = "rejects"
)

// Formats understood by Write.
var Formats = []string{"csv", "xlsx", "json"}

// Table is a result ready to write: column names and rows of values
// (string, int64, float64, bool, time.Time or nil).
type Table struct {
	Columns []string
	Rows    [][]any
}

// Query runs the export query for what (runID is ignored for rejects) and
// returns its table. Exports are per unit or per reject, never a ledger.
func Query(ctx context.Context, db *sql.DB, what What, runID string) (*Table, error) {
	var q string
	var args []any
	switch what {
	case Scores:
		cols, err := indicatorIDs(ctx, db, runID)
		if err != nil {
			return nil, err
		}
		q, args = scoresSQL(cols), []any{runID}
	case Indicators:
		q, args = `SELECT i.unit_id, u.name, u.level, d.district_id, i.indicator, i.value, i.observed, i.expected,
  i.std, i.contribution, i.abstain
FROM indicators i JOIN units u USING (unit_id) LEFT JOIN unit_district d USING (unit_id)
WHERE i.run_id = ? ORDER BY i.unit_id, i.indicator`, []any{runID}
	case Targets:
		q, args = `SELECT t.kind, t.round, t.team, t.seq, t.unit_id, u.name, u.level, d.district_id, t.forced,
  t.reason_zh, t.reason_en
FROM targets t JOIN units u USING (unit_id) LEFT JOIN unit_district d USING (unit_id)
WHERE t.run_id = ? ORDER BY t.kind, t.round, t.team, t.seq`, []any{runID}
	case Rejects:
		q = `SELECT r.batch_id, r.ledger, r.file, r.sheet, r."row", r."column", r."value", r.reason
FROM rejects r ORDER BY r.batch_id, r."row", r."column"`
	default:
		return nil, fmt.Errorf("export: unknown table %q (scores, indicators, targets, rejects)", what)
	}
	return collect(ctx, db, q, args...)
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
  replace(s.reasons_zh, chr(10), '; ') AS reasons, replace(s.reasons_en, chr(10), '; ') AS reasons_en`)
	for _, id := range indicators {
		fmt.Fprintf(&b, ",\n  max(i.value) FILTER (WHERE i.indicator = '%s') AS %s", strings.ReplaceAll(id, "'", "''"), model.Ident(id))
	}
	b.WriteString(`
FROM scores s JOIN units u USING (unit_id) LEFT JOIN unit_district d USING (unit_id)
LEFT JOIN indicators i ON i.run_id = s.run_id AND i.unit_id = s.unit_id
WHERE s.run_id = ?
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
	t := &Table{Columns: cols}
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

// Write writes t to path in format (csv, xlsx or json), mode 0600.
func Write(t *Table, format, path string) error {
	f, err := outfile.Open(path)
	if err != nil {
		return err
	}
	switch format {
	case "csv":
		err = writeCSV(f, t)
	case "xlsx":
		err = writeXLSX(f, t)
	case "json":
		err = writeJSON(f, t)
	default:
		err = fmt.Errorf("unknown format %q (csv, xlsx, json)", format)
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
