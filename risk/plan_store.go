package risk

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// planTables are the tables a plan writes, each keyed by run_id.
var planTables = []string{"targets", "plans", "plan_teams", "plan_rounds", "tour_schedule", "target_status"}

// writePlan replaces the run's plan with p (inside the caller's
// transaction).
func writePlan(ctx context.Context, conn *sql.Conn, p *Plan, cfg Config) error {
	for _, t := range planTables {
		if _, err := conn.ExecContext(ctx, `DELETE FROM `+t+` WHERE run_id = $1`, p.RunID); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	var cfgText bytes.Buffer
	if err := WriteTOML(&cfgText, cfg); err != nil {
		return err
	}
	batches, err := readBatchesOf(ctx, conn, "plan_batches")
	if err != nil {
		return err
	}
	batchText, _ := json.Marshal(batches)
	s := p.Solve
	if _, err := conn.ExecContext(ctx, `INSERT INTO plans VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
		p.RunID, s.Method, p.CalibrationZh, p.CalibrationEn, s.Objective, s.Bound, nullable(s.Gap), s.Must, s.MustPlaced, s.Due, s.DuePlaced,
		s.Slots, s.Planned, p.RandomSlots, s.Seconds, nullTime(p.RecordsFrom), p.CoverageHolds(), cfgText.String(),
		CodeVersion(), string(batchText)); err != nil {
		return fmt.Errorf("insert plan: %w", err)
	}
	steps := []struct {
		table string
		fill  func(add func(...driver.Value) error) error
	}{
		{"targets", p.appendTargets},
		{"plan_teams", func(add func(...driver.Value) error) error {
			for k, t := range p.Teams {
				if err := add(p.RunID, int32(k+1), t.Name, nullString(t.Home), int32(t.Units)); err != nil {
					return err
				}
			}
			return nil
		}},
		{"plan_rounds", func(add func(...driver.Value) error) error {
			for k, r := range p.Rounds {
				if err := add(p.RunID, int32(k+1), r.Name, r.Starts, r.Ends); err != nil {
					return err
				}
			}
			return nil
		}},
		{"tour_schedule", func(add func(...driver.Value) error) error {
			for _, e := range p.Schedule {
				var planned driver.Value
				if e.PlannedYear > 0 {
					planned = int32(e.PlannedYear)
				}
				if err := add(p.RunID, e.UnitID, dateValue(e.LastTour), e.DueOn, int32(e.DueYear), planned, e.Overdue,
					nullable(e.Expected)); err != nil {
					return err
				}
			}
			return nil
		}},
		{"target_status", func(add func(...driver.Value) error) error {
			for _, s := range p.Status {
				if err := add(p.RunID, s.TargetID, s.Kind, s.UnitID, s.Status, s.Current, s.FirstAsOf,
					nullString(s.DispositionID), nullString(s.Result), dateValue(s.DecidedOn), dateValue(s.RectifyBy)); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, st := range steps {
		if err := appendRows(conn, st.table, st.fill); err != nil {
			return err
		}
	}
	return nil
}

// appendTargets appends the reminders then the tours.
func (p *Plan) appendTargets(add func(...driver.Value) error) error {
	for _, t := range append(append([]Target(nil), p.Reminders...), p.Tours...) {
		var round, team, expected driver.Value
		if t.Kind == KindTour {
			round, team, expected = int32(t.Round), int32(t.Team), nullable(t.Expected)
		}
		if err := add(p.RunID, t.Kind, t.UnitID, round, team, int32(t.Seq), t.Forced, t.ReasonZh, t.ReasonEn,
			t.ID, t.Random, expected, dateValue(t.Starts), dateValue(t.Ends), t.Owner.ID, t.Owner.Name,
			dateValue(t.Deadline), dateValue(t.DueOn)); err != nil {
			return fmt.Errorf("target %s: %w", t.ID, err)
		}
	}
	return nil
}

// dateValue is a date for the Appender: NULL for the zero time.
func dateValue(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return t
}

func nullString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}
