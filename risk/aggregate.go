package risk

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/risk/benford"
)

//go:embed sql/*.sql
var queries embed.FS

// sqlText returns the embedded query sql/name.sql.
func sqlText(name string) string {
	b, err := queries.ReadFile("sql/" + name + ".sql")
	if err != nil {
		panic("risk: missing query " + name) // a build bug
	}
	return string(b)
}

// querier is what the aggregation needs of a connection.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// unitAgg holds one scored unit's aggregates, read from DuckDB. Counts are
// float64 because they feed the statistics; a missing staff or population
// figure is NaN.
type unitAgg struct {
	ID, Level, District string
	Staff, Population   float64

	Cases, Recent, Previous float64
	Reports                 float64
	OpenKey                 float64
	Oldest                  time.Time // oldest open key lead; zero without one

	Payments                             float64
	Split, Round                         float64
	Matched, Deceased, PublicEmploy      float64
	Relatives, RelativePayees            float64
	Duplicates                           float64
	Shared, SharedPayees, SharedAccounts float64
	Digits                               map[int]int64 // first-two-digit counts; nil below the minimum

	Deals, NoBidding, LongTerm float64
	Txns, Unapproved           float64
}

// leaseRow is one lease price of a scored unit.
type leaseRow struct {
	District, Unit string
	Price          float64
}

// aggregates is everything scoring reads from the ledgers.
type aggregates struct {
	Units  []unitAgg
	Leases []leaseRow
	index  map[string]int
}

// loadAggregates builds the scope of scored units and reads their
// aggregates. Each ledger is read by one SQL aggregate; only per-unit rows
// (and lease prices, one row per lease in the window) reach Go.
func loadAggregates(ctx context.Context, q querier, asOf time.Time, cfg Config) (*aggregates, error) {
	if _, err := q.ExecContext(ctx, sqlText("scope"), sql.Named("levels", model.ScoredLevels)); err != nil {
		return nil, fmt.Errorf("scope: %w", err)
	}
	a := &aggregates{index: map[string]int{}}
	if err := a.loadUnits(ctx, q); err != nil {
		return nil, err
	}
	at := sql.Named("as_of", asOf)
	w := cfg.Windows
	// Each step's query returns unit_id and then the columns fields points
	// at, in order.
	steps := []struct {
		name   string
		args   []any
		fields func(u *unitAgg) []any
	}{
		{"cases", []any{at, sql.Named("cases_months", w.CasesMonths), sql.Named("trend_months", w.TrendMonths)},
			func(u *unitAgg) []any { return []any{&u.Cases, &u.Recent, &u.Previous} }},
		{"reports", []any{at, sql.Named("reports_months", w.ReportsMonths)},
			func(u *unitAgg) []any { return []any{&u.Reports} }},
		{"leads", []any{at},
			func(u *unitAgg) []any { return []any{&u.OpenKey, &u.Oldest} }},
		{"payments", []any{at, sql.Named("payments_months", w.PaymentsMonths),
			sql.Named("split_low", cfg.Payments.SplitBand*cfg.Payments.ApprovalLimit),
			sql.Named("split_high", cfg.Payments.ApprovalLimit),
			sql.Named("round_multiple", cfg.Payments.RoundMultiple),
			sql.Named("account_payees", cfg.Payments.AccountPayees)},
			func(u *unitAgg) []any {
				return []any{&u.Payments, &u.Split, &u.Round, &u.Matched, &u.Deceased, &u.PublicEmploy,
					&u.Relatives, &u.RelativePayees, &u.Duplicates, &u.Shared, &u.SharedPayees, &u.SharedAccounts}
			}},
		{"deals", []any{at, sql.Named("assets_months", w.AssetsMonths), sql.Named("max_term", cfg.Assets.MaxTermYears)},
			func(u *unitAgg) []any { return []any{&u.Deals, &u.NoBidding, &u.LongTerm, &u.Txns, &u.Unapproved} }},
	}
	for _, s := range steps {
		if err := a.scanPerUnit(ctx, q, s.name, s.args, s.fields); err != nil {
			return nil, err
		}
	}
	if err := a.loadDigits(ctx, q, asOf, cfg); err != nil {
		return nil, err
	}
	if err := a.loadLeases(ctx, q, asOf, cfg); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *aggregates) loadUnits(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, sqlText("units"))
	if err != nil {
		return fmt.Errorf("units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u unitAgg
		var district sql.NullString
		var staff, pop sql.NullFloat64
		if err := rows.Scan(&u.ID, &u.Level, &district, &staff, &pop); err != nil {
			return fmt.Errorf("units: %w", err)
		}
		u.District = district.String
		u.Staff, u.Population = nullNaN(staff), nullNaN(pop)
		a.index[u.ID] = len(a.Units)
		a.Units = append(a.Units, u)
	}
	return rows.Err()
}

func nullNaN(v sql.NullFloat64) float64 {
	if !v.Valid {
		return math.NaN()
	}
	return v.Float64
}

// scanPerUnit runs the named query, whose first column is unit_id and the
// others the fields the function points at, and stores each row's values
// in its unit (rows of units outside the scope are ignored).
func (a *aggregates) scanPerUnit(ctx context.Context, q querier, name string, args []any,
	fields func(u *unitAgg) []any) error {
	rows, err := q.QueryContext(ctx, sqlText(name), args...)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var row unitAgg
		src := fields(&row)
		if err := rows.Scan(append([]any{&id}, src...)...); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		i, ok := a.index[id]
		if !ok {
			continue
		}
		for j, d := range fields(&a.Units[i]) {
			switch d := d.(type) {
			case *float64:
				*d = *src[j].(*float64)
			case *time.Time:
				*d = *src[j].(*time.Time)
			default:
				panic(fmt.Sprintf("risk: %s: cannot store a %T", name, d)) // a bug in the step table
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func (a *aggregates) loadDigits(ctx context.Context, q querier, asOf time.Time, cfg Config) error {
	text := strings.Replace(sqlText("benford"), "{{digits}}", benford.SQLDigits(benford.FirstTwo, `"amount"`), 1)
	rows, err := q.QueryContext(ctx, text, sql.Named("as_of", asOf),
		sql.Named("payments_months", cfg.Windows.PaymentsMonths), sql.Named("min_n", cfg.Minimums.BenfordPayments))
	if err != nil {
		return fmt.Errorf("benford: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var digits int
		var n int64
		if err := rows.Scan(&id, &digits, &n); err != nil {
			return fmt.Errorf("benford: %w", err)
		}
		i, ok := a.index[id]
		if !ok {
			continue
		}
		if a.Units[i].Digits == nil {
			a.Units[i].Digits = map[int]int64{}
		}
		a.Units[i].Digits[digits] = n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("benford: %w", err)
	}
	return nil
}

func (a *aggregates) loadLeases(ctx context.Context, q querier, asOf time.Time, cfg Config) error {
	rows, err := q.QueryContext(ctx, sqlText("leases"), sql.Named("as_of", asOf),
		sql.Named("assets_months", cfg.Windows.AssetsMonths), sql.Named("per_term", cfg.Assets.LeaseAmount == LeaseTotal))
	if err != nil {
		return fmt.Errorf("leases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l leaseRow
		if err := rows.Scan(&l.District, &l.Unit, &l.Price); err != nil {
			return fmt.Errorf("leases: %w", err)
		}
		a.Leases = append(a.Leases, l)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("leases: %w", err)
	}
	return nil
}
