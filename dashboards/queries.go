package dashboards

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"path"
	"strings"
)

// queryFS holds one SQL file per figure, chart and table; the file name
// without ".sql" is the query's name, which the pages print in their
// data-query attributes so that each number can be traced to its SQL.
//
//go:embed queries/*.sql
var queryFS embed.FS

// Query names. Each is a file queries/<name>.sql.
const (
	qRunLatest             = "run_latest"
	qRunByID               = "run_by_id"
	qCasesFiled            = "cases_filed"
	qPeoplePunished        = "people_punished"
	qLeadersAccountable    = "leaders_accountable"
	qCasesExposed          = "cases_exposed"
	qLeaderTalks           = "leader_talks"
	qPeopleAccountable     = "people_accountable"
	qKeyLeads              = "key_leads"
	qAccusationChange      = "accusation_change"
	qSatisfactionCity      = "satisfaction_city"
	qSatisfactionTownships = "satisfaction_townships"
	qMonthlyCases          = "monthly_cases"
	qCasesByDomain         = "cases_by_domain"
	qDistrictRanking       = "district_ranking"
	qRanking               = "ranking"
	qScoreBands            = "score_bands"
	qFunnelPoints          = "funnel_points"
	qTourPlan              = "tour_plan"
	qReminders             = "reminders"
	qTargetsSummary        = "targets_summary"
	qBatches               = "batches"
	qBatchesByLedger       = "batches_by_ledger"
	qRejectsSummary        = "rejects_summary"
	qUnitsAll              = "units_all"
	qDataLimits            = "data_limits"
	qHeatmapCases          = "heatmap_cases"
	qPaymentDigits         = "payment_digits"
	qReportDigits          = "report_digits"
	qLetterFacts           = "letter_facts"
	qBacktests             = "backtests"
	qBacktestIndicators    = "backtest_indicators"
	qBacktestBands         = "backtest_bands"
	qLetterEvidence        = "letter_evidence"
	qFlagSummary           = "flag_summary"
	qLeaseFlags            = "lease_flags"
	qLeaseBoxes            = "lease_boxes"
	qUnitIndex             = "unit_index"
	qUnitFlagCounts        = "unit_flag_counts"
	qUnitFamilies          = "unit_families"
	qUnitIndicators        = "unit_indicators"
	qUnitFlags             = "unit_flags"
	qUnitEvents            = "unit_events"
	qUnitHistory           = "unit_history"
	qUnitBenford           = "unit_benford"
	qUnitLeases            = "unit_leases"
	qPlanSummary           = "plan_summary"
	qPlanGrid              = "plan_grid"
	qPlanSchedule          = "plan_schedule"
	qTargetStatus          = "target_status"
	qUnitPlan              = "unit_plan"
	qUnitStatus            = "unit_status"
	qRunPrevious           = "run_previous"
	qScanPoints            = "scan_points"
	qScanClusters          = "scan_clusters"
)

// querySQL returns the text of the named query.
func querySQL(name string) (string, error) {
	b, err := queryFS.ReadFile(path.Join("queries", name+".sql"))
	if err != nil {
		return "", fmt.Errorf("query %s: %w", name, err)
	}
	return string(b), nil
}

// querier runs named queries against the database: a *sql.DB, or the
// report's one *sql.Conn, on which the report's temp tables live.
type querier struct{ db conn }

// conn is what a querier needs of *sql.DB or *sql.Conn.
type conn interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// row runs the named query and scans its single row into dest.
func (q querier) row(ctx context.Context, name string, args []any, dest ...any) error {
	text, err := querySQL(name)
	if err != nil {
		return err
	}
	if err := q.db.QueryRowContext(ctx, text, args...).Scan(dest...); err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	return nil
}

// each runs the named query and calls scan for every row.
func (q querier) each(ctx context.Context, name string, args []any, scan func(*sql.Rows) error) error {
	text, err := querySQL(name)
	if err != nil {
		return err
	}
	return q.eachText(ctx, name, text, args, scan)
}

// eachText runs the named query's text as given (a query with a
// placeholder filled in) and calls scan for every row.
func (q querier) eachText(ctx context.Context, name, text string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.db.QueryContext(ctx, text, args...)
	if err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("query %s: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	return nil
}

// queryNames lists the embedded queries, for tests.
func queryNames() []string {
	entries, _ := queryFS.ReadDir("queries")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".sql"))
	}
	return out
}
