package risk

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"
)

// Statuses of a target across runs (target_status.status): the
// rectification loop.
const (
	// StatusNew (红): proposed now, with no finding on record yet (or the
	// last check found nothing).
	StatusNew = "new"
	// StatusRectifying (黄): a check confirmed the problem, in full or in
	// part, within outcomes.rectify_days: the unit is rectifying.
	StatusRectifying = "under_rectification"
	// StatusCleared (绿): confirmed and rectified (its rectification time
	// passed and this run no longer proposes it), or checked and unfounded.
	StatusCleared = "cleared"
	// StatusRepeat (红, 反复): confirmed before, its rectification time
	// passed, and proposed again.
	StatusRepeat = "repeat"
	// StatusOpen: proposed by an earlier run, not proposed now, and no
	// outcome on record: nobody has said what became of it.
	StatusOpen = "open"
)

// Statuses lists the statuses in the order pages show them.
var Statuses = []string{StatusNew, StatusRepeat, StatusRectifying, StatusCleared, StatusOpen}

// TargetStatus is one target's status as of a run.
type TargetStatus struct {
	TargetID, Kind, UnitID string
	Status                 string
	// Current: proposed by this run. FirstAsOf: the as-of date of the
	// first run that proposed the unit for this kind of target.
	Current   bool
	FirstAsOf time.Time
	// The disposition that decided the status, if any, and the end of the
	// rectification it started.
	DispositionID, Result string
	DecidedOn, RectifyBy  time.Time
}

// targetStatuses works out the status of every target of the plan and of
// the earlier runs' targets: for each kind and unit, the latest
// disposition of any of its targets decided by the as-of date decides
// (see the Status constants). It sets the plan's targets' Status.
func targetStatuses(ctx context.Context, conn *sql.Conn, p *Plan, oc Outcomes) ([]TargetStatus, error) {
	type target struct {
		id   string
		asOf time.Time
	}
	type chain struct {
		kind, unit string
		targets    []target // earlier runs', by as-of date
		current    *Target
	}
	chains := map[[2]string]*chain{}
	get := func(kind, unit string) *chain {
		k := [2]string{kind, unit}
		if chains[k] == nil {
			chains[k] = &chain{kind: kind, unit: unit}
		}
		return chains[k]
	}
	rows, err := conn.QueryContext(ctx, sqlText("plan_earlier"), sql.Named("as_of", p.AsOf))
	if err != nil {
		return nil, fmt.Errorf("earlier targets: %w", err)
	}
	for rows.Next() {
		var t target
		var kind, unit string
		if err := rows.Scan(&t.id, &kind, &unit, &t.asOf); err != nil {
			rows.Close()
			return nil, fmt.Errorf("earlier targets: %w", err)
		}
		c := get(kind, unit)
		c.targets = append(c.targets, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("earlier targets: %w", err)
	}
	for _, ts := range [][]Target{p.Reminders, p.Tours} {
		for i := range ts {
			get(ts[i].Kind, ts[i].UnitID).current = &ts[i]
		}
	}
	outs, err := LoadOutcomesOn(ctx, conn, p.AsOf, oc)
	if err != nil {
		return nil, err
	}
	latest := map[string]Outcome{} // by target id
	for _, o := range outs {
		if o.TargetID == "" {
			continue
		}
		if l, ok := latest[o.TargetID]; !ok || o.DecidedOn.After(l.DecidedOn) ||
			(o.DecidedOn.Equal(l.DecidedOn) && o.DispositionID > l.DispositionID) {
			latest[o.TargetID] = o
		}
	}
	var out []TargetStatus
	for _, c := range chains {
		s := TargetStatus{Kind: c.kind, UnitID: c.unit, Current: c.current != nil}
		var last *Outcome
		for _, t := range c.targets {
			if o, ok := latest[t.id]; ok && (last == nil || o.DecidedOn.After(last.DecidedOn)) {
				last = &o
			}
		}
		switch {
		case c.current != nil:
			s.TargetID, s.FirstAsOf = c.current.ID, p.AsOf
		default:
			s.TargetID = c.targets[len(c.targets)-1].id
		}
		if len(c.targets) > 0 {
			s.FirstAsOf = c.targets[0].asOf
		}
		if last != nil {
			s.DispositionID, s.Result, s.DecidedOn = last.DispositionID, last.Result, last.DecidedOn
			if last.Hit() {
				s.RectifyBy = last.DecidedOn.AddDate(0, 0, oc.RectifyDays)
			}
		}
		s.Status = statusOf(s, last, p.AsOf)
		if c.current != nil {
			c.current.Status = s.Status
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b TargetStatus) int {
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return cmp.Compare(a.UnitID, b.UnitID)
	})
	return out, nil
}

// statusOf applies the rectification loop to one kind and unit.
func statusOf(s TargetStatus, last *Outcome, asOf time.Time) string {
	switch {
	case last == nil && s.Current:
		return StatusNew
	case last == nil:
		return StatusOpen
	case last.Hit() && !asOf.After(s.RectifyBy):
		return StatusRectifying
	case last.Hit() && s.Current:
		return StatusRepeat
	case last.Hit():
		return StatusCleared
	case s.Current:
		return StatusNew // the last check found nothing, or did not check
	case last.Result == ResultUnfounded:
		return StatusCleared
	}
	return StatusOpen
}
