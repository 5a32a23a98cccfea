package risk

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// Flag is one record behind an indicator of one unit: a payment, a lease,
// a case, or (for a statistical rule) the digit group that drives it. It
// names the record by its own id as the source file holds it.
type Flag struct {
	UnitID   string
	RecordID string
	On       time.Time // the record's date; zero when it has none
	Amount   float64   // the amount at stake; NaN when none
	Figures  map[string]any
	Zh, En   string // why the record is flagged
	Batch    int64  // the ingest batch and source row; 0 when none
	Row      int64
}

// recordSet is the rows of a records statement read into Go, by column
// name, for the measures that choose their flags themselves. It is a
// filtered set (leases in the window, digit groups per unit), never a
// whole ledger.
type recordSet struct {
	cols map[string]int
	rows [][]any
	// derived holds what a measure works out from the records, by a key
	// naming it and its parameters, for another measure that reads the
	// same records (never changed once stored).
	derived map[string]any
}

func readRecords(ctx context.Context, q querier, text string, args []any) (*recordSet, error) {
	rows, err := q.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("records: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	rs := &recordSet{cols: map[string]int{}}
	for j, c := range cols {
		rs.cols[c] = j
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for j := range vals {
			ptrs[j] = &vals[j]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("records: %w", err)
		}
		rs.rows = append(rs.rows, vals)
	}
	return rs, rows.Err()
}

func (rs *recordSet) at(i int, col string) any {
	j, ok := rs.cols[col]
	if !ok {
		panic("risk: records have no column " + col) // a bug in a rule file
	}
	return rs.rows[i][j]
}

func (rs *recordSet) str(i int, col string) string {
	s, _ := rs.at(i, col).(string)
	return s
}

func (rs *recordSet) num(i int, col string) float64 { return number(rs.at(i, col)) }

func (rs *recordSet) date(i int, col string) time.Time {
	t, _ := rs.at(i, col).(time.Time)
	return t
}

func (rs *recordSet) bool(i int, col string) bool {
	b, _ := rs.at(i, col).(bool)
	return b
}

func (rs *recordSet) int(i int, col string) int64 {
	x := number(rs.at(i, col))
	if math.IsNaN(x) {
		return 0
	}
	return int64(x)
}

// appendFlags adds flags chosen in Go to run_flags.
func appendFlags(q querier, ind *Indicator, flags []Flag) error {
	err := appendRows(q, "temp.run_flags", func(add func(...driver.Value) error) error {
		for _, f := range flags {
			figs, err := json.Marshal(f.Figures)
			if err != nil {
				return fmt.Errorf("flag figures: %w", err)
			}
			if err := add(f.UnitID, ind.ID, ind.Ledger, f.RecordID, nullTime(f.On), nullable(f.Amount),
				string(figs), f.Zh, f.En, nullInt(f.Batch), nullInt(f.Row)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("flags: %w", err)
	}
	return nil
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func nullInt(x int64) any {
	if x == 0 {
		return nil
	}
	return x
}

// flagUnitRecords makes flags of the records the rule's flags statement
// returns (the columns of flagColumns) for the units a Go measure chose:
// they are given to it as the temp table rule_units (unit_id, figures,
// reason_zh, reason_en), which it joins.
func flagUnitRecords(ctx context.Context, q querier, ind *Indicator, stmt string, params ruleParams, units []unitFlag) error {
	if stmt == "" || len(units) == 0 {
		return nil
	}
	if _, err := q.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE rule_units (
  unit_id VARCHAR NOT NULL, figures VARCHAR, reason_zh VARCHAR, reason_en VARCHAR)`); err != nil {
		return fmt.Errorf("rule units: %w", err)
	}
	err := appendRows(q, "temp.rule_units", func(add func(...driver.Value) error) error {
		for _, u := range units {
			figs, err := json.Marshal(u.Figures)
			if err != nil {
				return fmt.Errorf("flag figures: %w", err)
			}
			if err := add(u.UnitID, string(figs), u.Zh, u.En); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rule units: %w", err)
	}
	args, err := params.args(stmt)
	if err != nil {
		return err
	}
	args = append(args, sql.Named("rule", ind.ID), sql.Named("ledger", ind.Ledger))
	if _, err := q.ExecContext(ctx, `INSERT INTO run_flags
SELECT unit_id, $rule, $ledger, record_id::VARCHAR, record_on::DATE, amount::DOUBLE, figures::VARCHAR,
       reason_zh, reason_en, batch_id, source_row
FROM (SELECT `+flagColumns+` FROM (`+stmt+`))`, args...); err != nil {
		return fmt.Errorf("flags: %w", err)
	}
	return nil
}

// appendClusters adds a scan's clusters to run_clusters.
func appendClusters(q querier, cs []clusterRow) error {
	err := appendRows(q, "temp.run_clusters", func(add func(...driver.Value) error) error {
		for _, c := range cs {
			if err := add(int32(c.N), c.Centre, c.Lon, c.Lat, c.RadiusKm, c.Units, c.Cases, c.Expected, c.RR, c.LLR,
				c.P, c.Significant); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("clusters: %w", err)
	}
	return nil
}

// storeClusters copies the run's scan clusters from the connection's
// working table.
func storeClusters(ctx context.Context, conn *sql.Conn, runID string) error {
	if _, err := conn.ExecContext(ctx, `INSERT INTO scan_clusters
SELECT $run, cluster, centre_id, longitude, latitude, radius_km, unit_ids, cases, expected, rr, llr, p, significant
FROM run_clusters`, sql.Named("run", runID)); err != nil {
		return fmt.Errorf("store clusters: %w", err)
	}
	return nil
}

// storeFlags copies the run's flags from the connection's working table.
func storeFlags(ctx context.Context, conn *sql.Conn, runID string) error {
	if _, err := conn.ExecContext(ctx, `INSERT INTO flags
SELECT $run, unit_id, rule, ledger, record_id, record_on, amount, figures, reason_zh, reason_en, batch_id, source_row
FROM run_flags`, sql.Named("run", runID)); err != nil {
		return fmt.Errorf("store flags: %w", err)
	}
	return nil
}
