package risk

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/risk/stats"
)

// Target kinds, as stored in targets.kind.
const (
	KindReminder = "reminder"
	KindTour     = "tour"
)

// Target is one proposed work reminder or one unit of the tour plan.
type Target struct {
	Kind               string
	UnitID, Name       string // Name is for printing only; it is never put in a reason
	District           string
	Round, Team        int // tours only (1-based); 0 for reminders
	Seq                int // order within its kind, from 1
	Forced             bool
	Rank               int
	Score              float64
	ReasonZh, ReasonEn string
}

// Plan is the targets proposed for a run.
type Plan struct {
	RunID     string
	AsOf      time.Time
	Reminders []Target
	Tours     []Target
	// Homes is each team's home district (Homes[t-1] for team t), which
	// that team does not tour.
	Homes []string
	// RecordsSpanCycle reports whether the tour records reach back a full
	// coverage cycle, so that a unit with no tour on record is due.
	RecordsSpanCycle bool
	// Due counts the units due under the coverage cycle; DueLeftOut lists
	// those that did not fit in the plan (capacity or cross-tour rules).
	Due        int
	DueLeftOut []string
	// Excluded counts the units left out because they were toured recently.
	Excluded int
}

// planUnit is one of the run's scored units as the planner reads it.
type planUnit struct {
	ID, Name, District string
	Rank               int
	Score              float64
	Band               string
	ReasonsZh          string
	ReasonsEn          string
	LastTour           time.Time // zero when none on record
}

// MakePlan proposes the work reminders and the tour plan for the run
// (the latest when runID is empty) and stores them in targets, replacing
// any earlier plan of the run, in one transaction.
//
// Reminders: a unit gets one when its cases in the run's cases window lie
// above the exact Poisson funnel limit of reminders.coverage (O/E > hi(E))
// with at least reminders.min_cases cases, or when it had at least
// reminders.domain_cases cases in one domain other than 'other' within
// reminders.domain_months.
//
// Tours: tours.teams teams × tours.units_per_team units × tours.rounds
// rounds. Units toured (routine or special tour) within tours.recent_months
// are left out. Units due under the coverage cycle — last tour on record
// tours.coverage_years or more before the as-of date, or no tour on record
// when the tour records reach back at least that far (when they do not, a
// missing tour may only be missing data) — are placed first, riskiest
// first, then the other units by rank. Each team has a home district,
// assigned round-robin over the districts in id order (team 1 the first
// district, team 2 the second, …, wrapping), and never tours it (cross
// tours); a team takes at most tours.max_per_district units of one district
// in a round. Units are placed in the earliest round with room, with the
// least-loaded eligible team; a unit that fits nowhere is skipped (and, if
// due, reported in DueLeftOut).
func MakePlan(ctx context.Context, db *sql.DB, runID string, cfg Config) (*Plan, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	p := &Plan{RunID: runID}
	var runCfgText string
	err = conn.QueryRowContext(ctx, `SELECT as_of, config FROM runs WHERE run_id = $1`, runID).Scan(&p.AsOf, &runCfgText)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("no run %q", runID)
	}
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", runID, err)
	}
	runCfg, err := DecodeConfig(runCfgText)
	if err != nil {
		return nil, fmt.Errorf("run %s: stored config: %w", runID, err)
	}
	units, err := readPlanUnits(ctx, conn, runID, p.AsOf)
	if err != nil {
		return nil, err
	}
	if p.Reminders, err = reminders(ctx, conn, p, units, runCfg.Windows.CasesMonths, cfg.Reminders); err != nil {
		return nil, err
	}
	var first sql.NullTime
	if err := conn.QueryRowContext(ctx, sqlText("plan_records"), sql.Named("as_of", p.AsOf)).Scan(&first); err != nil {
		return nil, fmt.Errorf("tour records: %w", err)
	}
	p.RecordsSpanCycle = first.Valid && !first.Time.After(p.AsOf.AddDate(-cfg.Tours.CoverageYears, 0, 0))
	p.planTours(units, cfg.Tours)
	if err := inTx(ctx, conn, func() error { return writeTargets(ctx, conn, p) }); err != nil {
		return nil, err
	}
	return p, nil
}

func readPlanUnits(ctx context.Context, q querier, runID string, asOf time.Time) ([]planUnit, error) {
	rows, err := q.QueryContext(ctx, sqlText("plan_units"), sql.Named("run_id", runID), sql.Named("as_of", asOf))
	if err != nil {
		return nil, fmt.Errorf("plan units: %w", err)
	}
	defer rows.Close()
	var out []planUnit
	for rows.Next() {
		var u planUnit
		var last sql.NullTime
		if err := rows.Scan(&u.ID, &u.Name, &u.District, &u.Rank, &u.Score, &u.Band, &u.ReasonsZh, &u.ReasonsEn, &last); err != nil {
			return nil, fmt.Errorf("plan units: %w", err)
		}
		u.LastTour = last.Time
		out = append(out, u)
	}
	return out, rows.Err()
}

// reminders applies the two reminder rules.
func reminders(ctx context.Context, q querier, p *Plan, units []planUnit, casesMonths int, rc Reminders) ([]Target, error) {
	byID := map[string]*planUnit{}
	for i := range units {
		byID[units[i].ID] = &units[i]
	}
	type facts struct {
		zh, en []string
		excess float64 // O/E over the limit, for ordering
	}
	found := map[string]*facts{}
	get := func(id string) *facts {
		if found[id] == nil {
			found[id] = &facts{}
		}
		return found[id]
	}
	from, to := windowText(p.AsOf, casesMonths)
	pct := fmt.Sprintf("%g%%", 100*rc.Coverage)
	rows, err := q.QueryContext(ctx, sqlText("plan_funnel"), sql.Named("run_id", p.RunID))
	if err != nil {
		return nil, fmt.Errorf("funnel: %w", err)
	}
	for rows.Next() {
		var id string
		var o, e float64
		if err := rows.Scan(&id, &o, &e); err != nil {
			rows.Close()
			return nil, fmt.Errorf("funnel: %w", err)
		}
		_, hi := stats.PoissonLimits(e, rc.Coverage)
		if o < float64(rc.MinCases) || e <= 0 || !(o/e > hi) {
			continue
		}
		f := get(id)
		f.excess = o / e
		f.zh = append(f.zh, fmt.Sprintf("%s至%s立案%.0f件，按干部职工人数预期%.1f件，为预期的%.1f倍，超出%s控制上限（%.1f倍），属案件易发多发",
			from.zh, to.zh, o, e, o/e, pct, hi))
		f.en = append(f.en, fmt.Sprintf("%.0f cases from %s to %s against %.1f expected for its staff, %.1f× expected, above the %s funnel limit (%.1f×): cases are frequent",
			o, from.en, to.en, e, o/e, pct, hi))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("funnel: %w", err)
	}
	rows, err = q.QueryContext(ctx, sqlText("plan_domains"), sql.Named("run_id", p.RunID), sql.Named("as_of", p.AsOf),
		sql.Named("months", rc.DomainMonths), sql.Named("min_cases", rc.DomainCases))
	if err != nil {
		return nil, fmt.Errorf("domains: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, domain string
		var n int
		if err := rows.Scan(&id, &domain, &n); err != nil {
			return nil, fmt.Errorf("domains: %w", err)
		}
		f := get(id)
		f.zh = append(f.zh, fmt.Sprintf("%d个月内%s领域立案%d件，问题在同一领域反复发生", rc.DomainMonths, model.Domains.Label(domain, "zh"), n))
		f.en = append(f.en, fmt.Sprintf("%d cases in %s within %d months: the same problem keeps recurring", n, model.Domains.Label(domain, "en"), rc.DomainMonths))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("domains: %w", err)
	}
	var out []Target
	for id, f := range found {
		u := byID[id]
		if u == nil {
			continue
		}
		out = append(out, Target{Kind: KindReminder, UnitID: id, Name: u.Name, District: u.District, Rank: u.Rank, Score: u.Score,
			ReasonZh: strings.Join(f.zh, "；") + "。", ReasonEn: strings.Join(f.en, "; ") + "."})
	}
	sort.Slice(out, func(a, b int) bool {
		fa, fb := found[out[a].UnitID].excess, found[out[b].UnitID].excess
		if fa != fb {
			return fa > fb
		}
		return out[a].Rank < out[b].Rank
	})
	for i := range out {
		out[i].Seq = i + 1
	}
	return out, nil
}

type dayText struct{ zh, en string }

// windowText returns the first and last day of the months-long window
// ending at asOf.
func windowText(asOf time.Time, months int) (from, to dayText) {
	start := asOf.AddDate(0, -months, 1)
	f := func(t time.Time) dayText {
		return dayText{fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day()), t.Format("2006-01-02")}
	}
	return f(start), f(asOf)
}

// planTours fills the tour plan (see MakePlan).
func (p *Plan) planTours(units []planUnit, tc Tours) {
	districts := map[string]bool{}
	for _, u := range units {
		if u.District != "" {
			districts[u.District] = true
		}
	}
	ds := make([]string, 0, len(districts))
	for d := range districts {
		ds = append(ds, d)
	}
	slices.Sort(ds)
	p.Homes = make([]string, tc.Teams)
	if len(ds) > 0 {
		for t := range p.Homes {
			p.Homes[t] = ds[t%len(ds)]
		}
	}
	recent := p.AsOf.AddDate(0, -tc.RecentMonths, 0)
	dueBy := p.AsOf.AddDate(-tc.CoverageYears, 0, 0)
	var due, rest []*planUnit
	for i := range units {
		u := &units[i]
		switch {
		case !u.LastTour.IsZero() && u.LastTour.After(recent):
			p.Excluded++
		case (!u.LastTour.IsZero() && !u.LastTour.After(dueBy)) || (u.LastTour.IsZero() && p.RecordsSpanCycle):
			due = append(due, u)
		default:
			rest = append(rest, u)
		}
	}
	p.Due = len(due)
	// load[round][team] counts units; per[round][team][district] too.
	load := make([][]int, tc.Rounds)
	per := make([][]map[string]int, tc.Rounds)
	for r := range load {
		load[r] = make([]int, tc.Teams)
		per[r] = make([]map[string]int, tc.Teams)
		for t := range per[r] {
			per[r][t] = map[string]int{}
		}
	}
	capacity := tc.Teams * tc.UnitsPerTeam * tc.Rounds
	place := func(u *planUnit) (round, team int, ok bool) {
		for r := range load {
			best := -1
			for t := range load[r] {
				if load[r][t] >= tc.UnitsPerTeam || (u.District != "" && p.Homes[t] == u.District) ||
					per[r][t][u.District] >= tc.MaxPerDistrict {
					continue
				}
				if best < 0 || load[r][t] < load[r][best] {
					best = t
				}
			}
			if best >= 0 {
				load[r][best]++
				per[r][best][u.District]++
				return r, best, true
			}
		}
		return 0, 0, false
	}
	for _, group := range []struct {
		units  []*planUnit
		forced bool
	}{{due, true}, {rest, false}} {
		for _, u := range group.units {
			if len(p.Tours) == capacity {
				if group.forced {
					p.DueLeftOut = append(p.DueLeftOut, u.ID)
				}
				continue
			}
			r, t, ok := place(u)
			if !ok {
				if group.forced {
					p.DueLeftOut = append(p.DueLeftOut, u.ID)
				}
				continue
			}
			zh, en := tourReason(u, group.forced, tc.CoverageYears)
			p.Tours = append(p.Tours, Target{Kind: KindTour, UnitID: u.ID, Name: u.Name, District: u.District,
				Round: r + 1, Team: t + 1, Forced: group.forced, Rank: u.Rank, Score: u.Score, ReasonZh: zh, ReasonEn: en})
		}
	}
	sort.SliceStable(p.Tours, func(a, b int) bool {
		x, y := p.Tours[a], p.Tours[b]
		if x.Round != y.Round {
			return x.Round < y.Round
		}
		return x.Team < y.Team
	})
	for i := range p.Tours {
		p.Tours[i].Seq = i + 1
	}
}

// tourReason states why a unit is on the plan: the coverage rule if it is
// due, its rank and score, and its reasons from the run.
func tourReason(u *planUnit, forced bool, years int) (zh, en string) {
	var hz, he string
	switch {
	case forced && u.LastTour.IsZero():
		hz = fmt.Sprintf("巡察记录覆盖%d年以上但无该单位巡察记录，按全覆盖要求必须安排", years)
		he = fmt.Sprintf("no tour on record although the records cover %d years: due under full coverage", years)
	case forced:
		hz = fmt.Sprintf("上次巡察为%d年%d月，已超过%d年，按全覆盖要求必须安排", u.LastTour.Year(), int(u.LastTour.Month()), years)
		he = fmt.Sprintf("last toured %s, more than %d years ago: due under full coverage", u.LastTour.Format("2006-01"), years)
	}
	rz := fmt.Sprintf("风险排名第%d位（%.1f分）", u.Rank, u.Score)
	re := fmt.Sprintf("risk rank %d (score %.1f)", u.Rank, u.Score)
	parts := func(head, rank, reasons string) string {
		var s []string
		if head != "" {
			s = append(s, head)
		}
		s = append(s, rank)
		if reasons != "" {
			s = append(s, reasons)
		}
		return strings.Join(s, "\n")
	}
	return parts(hz, rz, u.ReasonsZh), parts(he, re, u.ReasonsEn)
}

// writeTargets replaces the run's targets with the plan's.
func writeTargets(ctx context.Context, conn *sql.Conn, p *Plan) error {
	if _, err := conn.ExecContext(ctx, `DELETE FROM targets WHERE run_id = $1`, p.RunID); err != nil {
		return fmt.Errorf("clear targets: %w", err)
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return errors.New("risk: not a DuckDB connection")
		}
		a, err := duckdb.NewAppenderFromConn(c, "", "targets")
		if err != nil {
			return fmt.Errorf("targets appender: %w", err)
		}
		for _, t := range append(append([]Target(nil), p.Reminders...), p.Tours...) {
			var round, team driver.Value
			if t.Kind == KindTour {
				round, team = int32(t.Round), int32(t.Team)
			}
			if err := a.AppendRow(p.RunID, t.Kind, t.UnitID, round, team, int32(t.Seq), t.Forced, t.ReasonZh, t.ReasonEn); err != nil {
				a.Close()
				return fmt.Errorf("append target: %w", err)
			}
		}
		if err := a.Close(); err != nil {
			return fmt.Errorf("append targets: %w", err)
		}
		return nil
	})
}
