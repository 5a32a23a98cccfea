package dashboards

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/store"
)

// Row limits of the pages; longer lists are for `microrisk export`.
const (
	rankingRows     = 200 // ranking table on the planner page
	overviewTopRows = 10  // top units and targets on the overview
	rejectGroupRows = 200 // reject groups on the quality page
)

// ErrNoRun is returned when the database holds no scoring run; it is
// store.ErrNoRun, so callers can test either.
var ErrNoRun = store.ErrNoRun

// runInfo is one row of runs.
type runInfo struct {
	ID        string
	AsOf      time.Time
	CreatedAt time.Time
	Version   string
	Config    string // the run's effective configuration (TOML)
}

// loadRun returns the run with the given id, or the latest by created_at
// when id is empty.
func loadRun(ctx context.Context, q querier, id string) (runInfo, error) {
	var r runInfo
	var err error
	if id == "" {
		err = q.row(ctx, qRunLatest, nil, &r.ID, &r.AsOf, &r.CreatedAt, &r.Version, &r.Config)
		if errors.Is(err, sql.ErrNoRows) {
			return r, ErrNoRun
		}
	} else {
		err = q.row(ctx, qRunByID, []any{id}, &r.ID, &r.AsOf, &r.CreatedAt, &r.Version, &r.Config)
		if errors.Is(err, sql.ErrNoRows) {
			return r, fmt.Errorf("run %q not found", id)
		}
	}
	return r, err
}

// headline holds the figures of the kind the seed quotes, each from one
// named query (see the package documentation for their definitions).
type headline struct {
	CasesFiled         int64
	PeoplePunished     int64
	LeadersAccountable int64
	CasesExposed       int64
	LeaderTalks        int64
	PeopleAccountable  int64
	KeyLeads           int64

	AccusationYear       int
	AccusationCur        int64
	AccusationPrev       int64
	AccusationChangePct  *float64 // nil when the earlier year has none
	SatisfactionPeriod   string
	Satisfaction         *float64 // nil when no survey covers the period
	SatisfactionFallback bool     // true: township mean, not the city's index
}

func loadHeadline(ctx context.Context, q querier, p Period) (headline, error) {
	h := headline{AccusationYear: p.Year(), SatisfactionPeriod: p.SurveyPeriod()}
	for _, f := range []struct {
		name string
		dest *int64
	}{
		{qCasesFiled, &h.CasesFiled},
		{qPeoplePunished, &h.PeoplePunished},
		{qLeadersAccountable, &h.LeadersAccountable},
		{qCasesExposed, &h.CasesExposed},
		{qLeaderTalks, &h.LeaderTalks},
		{qPeopleAccountable, &h.PeopleAccountable},
		{qKeyLeads, &h.KeyLeads},
	} {
		if err := q.row(ctx, f.name, p.args(), f.dest); err != nil {
			return h, err
		}
	}
	if err := q.row(ctx, qAccusationChange, []any{h.AccusationYear},
		&h.AccusationCur, &h.AccusationPrev, &h.AccusationChangePct); err != nil {
		return h, err
	}
	var n int64
	if err := q.row(ctx, qSatisfactionCity, []any{h.SatisfactionPeriod}, &h.Satisfaction, &n); err != nil {
		return h, err
	}
	if h.Satisfaction == nil {
		if err := q.row(ctx, qSatisfactionTownships, []any{h.SatisfactionPeriod}, &h.Satisfaction, &n); err != nil {
			return h, err
		}
		h.SatisfactionFallback = h.Satisfaction != nil
	}
	return h, nil
}

// monthRow is one month of monthly_cases.
type monthRow struct {
	Month           string // YYYY-MM
	Cases, Punished int64
}

func loadMonthly(ctx context.Context, q querier, p Period) ([]monthRow, error) {
	var out []monthRow
	err := q.each(ctx, qMonthlyCases, p.args(), func(r *sql.Rows) error {
		var m monthRow
		if err := r.Scan(&m.Month, &m.Cases, &m.Punished); err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// clusterRow is one of the seed's case clusters with its totals.
type clusterRow struct {
	Key             string   // translation key of the cluster's name
	Domains         []string // domain codes in the cluster
	Cases, Punished int64
}

// clusters are the seed's three clusters of cases, then everything else:
// service windows, law enforcement, regulation and inaction; poverty relief,
// benefits, special funds, the collective three assets and land; education,
// health care, food safety and environment.
var clusters = []clusterRow{
	{Key: "cluster_window", Domains: []string{"law_enforcement", "regulation", "public_service", "inaction"}},
	{Key: "cluster_funds", Domains: []string{"poverty_relief", "benefits", "special_funds", "three_assets", "land"}},
	{Key: "cluster_livelihood", Domains: []string{"education", "health", "food_safety", "environment"}},
	{Key: "cluster_other"},
}

// loadClusters runs cases_by_domain and groups the domains into clusters;
// a domain in no cluster counts under "other".
func loadClusters(ctx context.Context, q querier, p Period) ([]clusterRow, error) {
	out := make([]clusterRow, len(clusters))
	copy(out, clusters)
	of := map[string]int{}
	for i, c := range out {
		for _, d := range c.Domains {
			of[d] = i
		}
	}
	other := len(out) - 1
	err := q.each(ctx, qCasesByDomain, p.args(), func(r *sql.Rows) error {
		var domain string
		var cases, punished int64
		if err := r.Scan(&domain, &cases, &punished); err != nil {
			return err
		}
		i, ok := of[domain]
		if !ok {
			i = other
		}
		out[i].Cases += cases
		out[i].Punished += punished
		return nil
	})
	return out, err
}

// districtRow is one district of district_ranking.
type districtRow struct {
	ID, Name     string
	Cases, Staff int64
	Per100       *float64 // cases per 100 staff; nil without staff
	MeanScore    *float64 // nil when no unit of the district was scored
	High, Scored int64
}

func loadDistricts(ctx context.Context, q querier, runID string, p Period) ([]districtRow, error) {
	var out []districtRow
	err := q.each(ctx, qDistrictRanking, []any{runID, p.From, p.To}, func(r *sql.Rows) error {
		var d districtRow
		if err := r.Scan(&d.ID, &d.Name, &d.Cases, &d.Staff, &d.Per100, &d.MeanScore, &d.High, &d.Scored); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

// rankRow is one unit of the ranking.
type rankRow struct {
	Rank                 int
	UnitID, Name, Level  string
	District             string
	Score                float64
	Band                 string
	ReasonsZh, ReasonsEn string
}

func loadRanking(ctx context.Context, q querier, runID string, limit int) ([]rankRow, error) {
	var out []rankRow
	err := q.each(ctx, qRanking, []any{runID, limit}, func(r *sql.Rows) error {
		var u rankRow
		if err := r.Scan(&u.Rank, &u.UnitID, &u.Name, &u.Level, &u.District, &u.Score, &u.Band, &u.ReasonsZh, &u.ReasonsEn); err != nil {
			return err
		}
		out = append(out, u)
		return nil
	})
	return out, err
}

// loadBands returns how many units the run scored per band.
func loadBands(ctx context.Context, q querier, runID string) (map[string]int64, error) {
	out := map[string]int64{}
	err := q.each(ctx, qScoreBands, []any{runID}, func(r *sql.Rows) error {
		var band string
		var n int64
		if err := r.Scan(&band, &n); err != nil {
			return err
		}
		out[band] = n
		return nil
	})
	return out, err
}

// funnelPoint is one unit on the funnel plot.
type funnelPoint struct {
	UnitID, Name       string
	Observed, Expected float64
}

func loadFunnel(ctx context.Context, q querier, runID string) ([]funnelPoint, error) {
	var out []funnelPoint
	err := q.each(ctx, qFunnelPoints, []any{runID}, func(r *sql.Rows) error {
		var f funnelPoint
		if err := r.Scan(&f.UnitID, &f.Name, &f.Observed, &f.Expected); err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	return out, err
}

// tourRow is one unit of the tour plan.
type tourRow struct {
	Round, Team                   *int64
	Seq                           int
	UnitID, Name, Level, District string
	Forced                        bool
	ReasonZh, ReasonEn            string
	plan                          targetPlan
}

func loadTours(ctx context.Context, q querier, runID string) ([]tourRow, error) {
	var out []tourRow
	err := q.each(ctx, qTourPlan, []any{runID}, func(r *sql.Rows) error {
		var t tourRow
		p := &t.plan
		if err := r.Scan(&t.Round, &t.Team, &t.Seq, &t.UnitID, &t.Name, &t.Level, &t.District, &t.Forced, &t.ReasonZh, &t.ReasonEn,
			&p.Random, &p.Expected, &p.Status, &p.Owner, &p.Deadline, &p.TeamName, &p.TargetID); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// reminderRow is one proposed work reminder.
type reminderRow struct {
	Seq                           int
	UnitID, Name, Level, District string
	Observed, Expected            *float64 // from cases_funnel_z when present
	ReasonZh, ReasonEn            string
	plan                          targetPlan
}

func loadReminders(ctx context.Context, q querier, runID string) ([]reminderRow, error) {
	var out []reminderRow
	err := q.each(ctx, qReminders, []any{runID}, func(r *sql.Rows) error {
		var t reminderRow
		p := &t.plan
		if err := r.Scan(&t.Seq, &t.UnitID, &t.Name, &t.Level, &t.District, &t.Observed, &t.Expected, &t.ReasonZh, &t.ReasonEn,
			&p.Status, &p.Owner, &p.Deadline, &p.TargetID); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// targetCount summarises one kind of target.
type targetCount struct {
	Units, Rounds, Teams, Forced int64
}

func loadTargetCounts(ctx context.Context, q querier, runID string) (map[string]targetCount, error) {
	out := map[string]targetCount{}
	err := q.each(ctx, qTargetsSummary, []any{runID}, func(r *sql.Rows) error {
		var kind string
		var c targetCount
		if err := r.Scan(&kind, &c.Units, &c.Rounds, &c.Teams, &c.Forced); err != nil {
			return err
		}
		out[kind] = c
		return nil
	})
	return out, err
}

// batchRow is one ingest batch.
type batchRow struct {
	ID                       int64
	Ledger, File, Sheet, Enc string
	Read, Loaded, Rejected   int64
	LoadedAt                 time.Time
}

func loadBatches(ctx context.Context, q querier) ([]batchRow, error) {
	var out []batchRow
	err := q.each(ctx, qBatches, nil, func(r *sql.Rows) error {
		var b batchRow
		if err := r.Scan(&b.ID, &b.Ledger, &b.File, &b.Sheet, &b.Enc, &b.Read, &b.Loaded, &b.Rejected, &b.LoadedAt); err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	return out, err
}

// ledgerTotal is rows loaded and rejected for one ledger.
type ledgerTotal struct {
	Ledger           string
	Loaded, Rejected int64
}

// loadLedgerTotals returns the totals in the contract's ledger order
// (model.Ledgers), unknown ledgers last.
func loadLedgerTotals(ctx context.Context, q querier) ([]ledgerTotal, error) {
	var out []ledgerTotal
	err := q.each(ctx, qBatchesByLedger, nil, func(r *sql.Rows) error {
		var t ledgerTotal
		if err := r.Scan(&t.Ledger, &t.Loaded, &t.Rejected); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	order := func(name string) int {
		for i, l := range model.Ledgers {
			if l.Name == name {
				return i
			}
		}
		return len(model.Ledgers)
	}
	slices.SortStableFunc(out, func(a, b ledgerTotal) int { return cmp.Compare(order(a.Ledger), order(b.Ledger)) })
	return out, err
}

// rejectGroup is the rejects of one ledger, column and reason.
type rejectGroup struct {
	Ledger, Column, Reason string
	N                      int64
	File                   string
	Row                    int64
	Value                  string // as stored: ingest masks person identifiers
}

func loadRejects(ctx context.Context, q querier, limit int) ([]rejectGroup, error) {
	var out []rejectGroup
	err := q.each(ctx, qRejectsSummary, []any{limit}, func(r *sql.Rows) error {
		var g rejectGroup
		if err := r.Scan(&g.Ledger, &g.Column, &g.Reason, &g.N, &g.File, &g.Row, &g.Value); err != nil {
			return err
		}
		out = append(out, g)
		return nil
	})
	return out, err
}
