package dashboards

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/microrisk/microrisk/risk"
)

// unitPlan is a unit's place in the run's plan, for its page (unit.js):
// its last tour, when full coverage makes it due, the year it is
// scheduled for, this year's round if any, and its targets' statuses.
type unitPlan struct {
	LastTour    string   `json:"last"`
	DueOn       string   `json:"due"`
	DueYear     int64    `json:"dueYear"`
	PlannedYear *int64   `json:"year"`
	Overdue     bool     `json:"overdue"`
	Expected    *float64 `json:"expected"`
	Round       *int64   `json:"round"`
	Starts      string   `json:"starts"`
	Ends        string   `json:"ends"`
	Team        string   `json:"team"`
	Random      bool     `json:"random"`
	// Targets are [kind, status, status class, first proposed, last
	// finding, decided on, rectification ends, target id, proposed now].
	Targets [][9]string `json:"targets"`
}

// loadPlan reads every unit's schedule and target statuses.
func (d *unitData) loadPlan(ctx context.Context, q querier, tr translator, run runInfo, _ risk.Config) error {
	err := q.each(ctx, qUnitPlan, []any{run.ID}, func(r *sql.Rows) error {
		var unit string
		var p unitPlan
		var last, starts, ends *time.Time
		var due time.Time
		var team *string
		if err := r.Scan(&unit, &last, &due, &p.DueYear, &p.PlannedYear, &p.Overdue, &p.Expected, &p.Round,
			&starts, &ends, &team, &p.Random); err != nil {
			return err
		}
		u := d.byID(unit)
		if u == nil {
			return nil
		}
		p.LastTour, p.DueOn, p.Starts, p.Ends = optDate(tr, last), tr.date(due), optDate(tr, starts), optDate(tr, ends)
		p.Expected = round2(p.Expected)
		if team != nil {
			p.Team = *team
		}
		p.Targets = [][9]string{}
		u.Plan = &p
		return nil
	})
	if err != nil {
		return err
	}
	return q.each(ctx, qUnitStatus, []any{run.ID}, func(r *sql.Rows) error {
		var unit, kind, status, result, id string
		var current bool
		var first time.Time
		var decided, rectify *time.Time
		if err := r.Scan(&unit, &kind, &status, &current, &first, &result, &decided, &rectify, &id); err != nil {
			return err
		}
		u := d.byID(unit)
		if u == nil {
			return nil
		}
		if u.Plan == nil {
			u.Plan = &unitPlan{Targets: [][9]string{}}
		}
		u.Plan.Targets = append(u.Plan.Targets, [9]string{tr.kind(kind), tr.status(status), statusClass(status),
			tr.date(first), tr.result(result), optDate(tr, decided), optDate(tr, rectify), id, strconv.FormatBool(current)})
		return nil
	})
}
