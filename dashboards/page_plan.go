package dashboards

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/microrisk/microrisk/risk"
)

// targetPlan is what the plan says of a target beyond its unit and
// reasons: the lottery, expected findings, status across runs, owner,
// deadline, team name and id (empty for plans made before they existed).
type targetPlan struct {
	Random                            bool
	Expected                          *float64
	Status, Owner, TeamName, TargetID string
	Deadline                          *time.Time
}

// planView is the tour plan's part of the planner page: how it was solved,
// which district each team tours in each round, the rolling schedule of
// full coverage and the earlier runs' targets.
type planView struct {
	Made       bool     // the run has a plans row
	Summary    []string // objective, bound, gap and time; slots; method; calibration
	Coverage   string
	CoverageOK bool
	Rounds     []string
	Teams      []gridRow
	Schedule   []scheduleRow
	Earlier    dataTableView
}

type gridRow struct {
	Team, Home string
	Cells      []string
}

type scheduleRow struct{ Year, To, Due, Planned string }

// planSummary is the run's plans row.
type planSummary struct {
	method, calZh, calEn         string
	objective, bound, seconds    float64
	gap                          *float64
	must, mustPlaced, due, duePl int64
	slots, planned, random       int64
	from                         *time.Time
	ok                           bool
}

// buildPlanView reads the run's plan.
func buildPlanView(ctx context.Context, q querier, tr translator, run runInfo, ud *unitData) (planView, error) {
	var v planView
	var s planSummary
	err := q.row(ctx, qPlanSummary, []any{run.ID}, &s.method, &s.calZh, &s.calEn, &s.objective, &s.bound, &s.gap, &s.must,
		&s.mustPlaced, &s.due, &s.duePl, &s.slots, &s.planned, &s.random, &s.seconds, &s.from, &s.ok)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return v, v.loadEarlier(ctx, q, tr, run, ud)
	case err != nil:
		return v, err
	}
	v.Made, v.CoverageOK = true, s.ok
	if v.Summary, err = s.lines(tr); err != nil {
		return v, err
	}
	if err := v.loadGrid(ctx, q, tr, run); err != nil {
		return v, err
	}
	if err := v.loadSchedule(ctx, q, tr, run); err != nil {
		return v, err
	}
	return v, v.loadEarlier(ctx, q, tr, run, ud)
}

// lines states the solver's figures.
func (s planSummary) lines(tr translator) ([]string, error) {
	gap := "—"
	if s.gap != nil && !math.IsNaN(*s.gap) {
		g := 100 * *s.gap
		gap = fmtFloat(&g, 2) + "%"
	}
	specs := []struct {
		key  string
		args []any
	}{
		{"plan_objective", []any{fmtFloat(&s.objective, 1), fmtFloat(&s.bound, 1), gap, fmtFloat(&s.seconds, 2)}},
		{"plan_slots", []any{fmtInt(s.slots), fmtInt(s.planned), fmtInt(s.random), fmtInt(s.mustPlaced), fmtInt(s.must),
			fmtInt(s.duePl), fmtInt(s.due)}},
		{"plan_calibration", []any{tr.pick(s.calZh, s.calEn)}},
		{"plan_method", []any{methodText(tr, s.method)}},
	}
	var out []string
	for _, sp := range specs {
		text, err := tr.F(sp.key, sp.args...)
		if err != nil {
			return nil, err
		}
		out = append(out, text)
	}
	return out, nil
}

// loadGrid reads which district each team tours in each round: a row per
// team, a column per round.
func (v *planView) loadGrid(ctx context.Context, q querier, tr translator, run runInfo) error {
	rowOf := map[int64]int{}
	colOf := map[int64]int{}
	type cell struct {
		row, col int
		text     string
	}
	var cells []cell
	err := q.each(ctx, qPlanGrid, []any{run.ID}, func(r *sql.Rows) error {
		var round, team, n int64
		var rname, tname, home, district string
		var starts, ends time.Time
		if err := r.Scan(&round, &rname, &starts, &ends, &team, &tname, &home, &district, &n); err != nil {
			return err
		}
		if _, ok := colOf[round]; !ok {
			colOf[round] = len(v.Rounds)
			v.Rounds = append(v.Rounds, rname+" "+tr.date(starts)+"–"+tr.date(ends))
		}
		if _, ok := rowOf[team]; !ok {
			rowOf[team] = len(v.Teams)
			v.Teams = append(v.Teams, gridRow{Team: tname, Home: orDash(home)})
		}
		text := "—"
		if n > 0 {
			text = district + " (" + strconv.FormatInt(n, 10) + ")"
		}
		cells = append(cells, cell{rowOf[team], colOf[round], text})
		return nil
	})
	if err != nil {
		return err
	}
	for i := range v.Teams {
		v.Teams[i].Cells = make([]string, len(v.Rounds))
	}
	for _, c := range cells {
		v.Teams[c.row].Cells[c.col] = c.text
	}
	return nil
}

// loadSchedule reads the rolling schedule: units due and scheduled per
// year of the cycle.
func (v *planView) loadSchedule(ctx context.Context, q querier, tr translator, run runInfo) error {
	due, planned := map[int64]int64{}, map[int64]int64{}
	var years, overdue, nowhere, late int64
	err := q.each(ctx, qPlanSchedule, []any{run.ID}, func(r *sql.Rows) error {
		var dueYear, n int64
		var plannedYear *int64
		if err := r.Scan(&dueYear, &plannedYear, &n); err != nil {
			return err
		}
		if dueYear == 0 {
			overdue += n
		}
		due[max(1, dueYear)] += n
		years = max(years, dueYear)
		switch {
		case plannedYear == nil:
			nowhere += n
			late += n
		default:
			planned[*plannedYear] += n
			years = max(years, *plannedYear)
			if *plannedYear > max(1, dueYear) {
				late += n
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for y := int64(1); y <= years; y++ {
		v.Schedule = append(v.Schedule, scheduleRow{Year: strconv.FormatInt(y, 10), To: tr.date(run.AsOf.AddDate(int(y), 0, 0)),
			Due: fmtInt(due[y]), Planned: fmtInt(planned[y])})
	}
	if late == 0 {
		v.Coverage, err = tr.F("coverage_holds", fmtInt(overdue))
	} else {
		v.Coverage, err = tr.F("coverage_fails", fmtInt(late), fmtInt(nowhere))
	}
	return err
}

// loadEarlier lists the earlier runs' targets this run does not propose
// again, with their status.
func (v *planView) loadEarlier(ctx context.Context, q querier, tr translator, run runInfo, ud *unitData) error {
	var rows [][]any
	err := q.each(ctx, qTargetStatus, []any{run.ID}, func(r *sql.Rows) error {
		var kind, unit, status, result, id string
		var first time.Time
		var decided, rectify *time.Time
		if err := r.Scan(&kind, &unit, &status, &first, &result, &decided, &rectify, &id); err != nil {
			return err
		}
		rows = append(rows, []any{tr.kind(kind), ud.ref(unit).jsonRef(), tr.status(status), tr.date(first),
			tr.result(result), optDate(tr, decided), optDate(tr, rectify), id})
		return nil
	})
	if err != nil {
		return err
	}
	l, err := tr.labels("col_kind", "col_unit", "col_status", "col_first_proposed", "col_last_result", "col_decided_on",
		"col_rectify_by", "col_target_id", "sec_earlier_targets", "earlier_targets_note")
	if err != nil {
		return err
	}
	cols := []dataColumn{{Label: l["col_kind"]}, {Label: l["col_unit"], Unit: true}, {Label: l["col_status"]},
		{Label: l["col_first_proposed"]}, {Label: l["col_last_result"]}, {Label: l["col_decided_on"]},
		{Label: l["col_rectify_by"]}, {Label: l["col_target_id"]}}
	v.Earlier, err = newDataTable("earlier-targets", qTargetStatus, l["sec_earlier_targets"], l["earlier_targets_note"], cols, rows, 2)
	return err
}

func optDate(tr translator, d *time.Time) string {
	if d == nil || d.IsZero() {
		return "—"
	}
	return tr.date(*d)
}

// status returns the label of a target's status (risk.Statuses).
func (t translator) status(s string) string {
	if s == "" {
		return "—"
	}
	if l, err := t.T("status_" + s); err == nil {
		return l
	}
	return s
}

// statusClass is a status's CSS class (its colour: red, yellow, green).
func statusClass(s string) string {
	switch s {
	case risk.StatusNew, risk.StatusRepeat:
		return "status-red"
	case risk.StatusRectifying:
		return "status-yellow"
	case risk.StatusCleared:
		return "status-green"
	}
	return "status-none"
}

// kind returns the label of a target kind.
func (t translator) kind(k string) string {
	if l, err := t.T("kind_target_" + k); err == nil {
		return l
	}
	return k
}

// result returns the label of a disposition's result.
func (t translator) result(r string) string {
	if r == "" {
		return "—"
	}
	if l, err := t.T("result_" + r); err == nil {
		return l
	}
	return r
}

// planCells are the plan's columns of a tour or reminder row.
type planCells struct {
	Status, StatusClass, Owner, Deadline, Expected, Team, TargetID string
	Random                                                         bool
}

func (t translator) planCells(p targetPlan) planCells {
	c := planCells{Status: t.status(p.Status), StatusClass: statusClass(p.Status), Owner: orDash(p.Owner),
		Deadline: optDate(t, p.Deadline), Expected: fmtFloat(p.Expected, 2), Team: p.TeamName, TargetID: orDash(p.TargetID),
		Random: p.Random}
	return c
}

// methodText describes the solver that made a plan.
func methodText(tr translator, method string) string {
	if m, ok := risk.MethodText[method]; ok {
		return tr.pick(m[0], m[1])
	}
	return method
}
