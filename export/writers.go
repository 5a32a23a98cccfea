package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// cell turns a database value into what the writers write: numbers stay
// numbers, and text is made formula-safe where safe is set (CSV and JSON,
// which end up in spreadsheets as typed text; XLSX stores text cells as
// text, which Excel never evaluates, so the analyst's values stay as they
// were for fixing and loading again).
func cell(v any, safe bool) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if safe {
			return SafeCell(x)
		}
		return x
	case []byte:
		return cell(string(x), safe)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case duckdb.Decimal:
		f, _ := new(big.Float).SetInt(x.Value).Float64()
		for i := uint8(0); i < x.Scale; i++ {
			f /= 10
		}
		return f
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	default:
		return x
	}
}

func text(v any) string {
	switch x := cell(v, true).(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}

func writeCSV(w io.Writer, t *Table) error {
	// A UTF-8 BOM lets Excel open Chinese text correctly.
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Names()); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			rec[i] = text(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON writes one table as an array of objects, several as an object
// of such arrays keyed by sheet name (made valid and unique as in XLSX).
func writeJSON(w io.Writer, sheets []Sheet) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if len(sheets) == 1 {
		return enc.Encode(jsonRows(sheets[0].Table))
	}
	out := make(map[string]any, len(sheets))
	for i, name := range sheetNames(sheets) {
		out[name] = jsonRows(sheets[i].Table)
	}
	return enc.Encode(out)
}

func jsonRows(t *Table) []map[string]any {
	out := make([]map[string]any, 0, len(t.Rows))
	for _, row := range t.Rows {
		m := make(map[string]any, len(row))
		for i, v := range row {
			m[t.Columns[i].Name] = cell(v, true)
		}
		out = append(out, m)
	}
	return out
}
