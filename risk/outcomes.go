package risk

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"
)

// Results of a disposition (dispositions.result).
const (
	ResultConfirmed = "confirmed"
	ResultPartly    = "partly_confirmed"
	ResultUnfounded = "unfounded"
	ResultUnchecked = "not_checked"
)

// FlagID is a flag's stable id: its rule, unit and record
// ("payments_duplicate/510104001001/P00015529"). Runs that flag the same
// record under the same rule flag it under the same id, so a disposition
// that names it holds across runs.
func FlagID(rule, unitID, recordID string) string { return rule + "/" + unitID + "/" + recordID }

// CheckDispositions moves the dispositions that cannot be kept to
// rejects, with the column, value and reason, and counts them in their
// batches' rows_rejected instead of rows_loaded, in one transaction: one
// that names no target, flag or unit; an unknown target or flag (no run
// proposed or flagged it); a target or flag of another unit than the one
// named; a decision dated before the target was proposed or the record
// flagged, or after today (not checked when today is zero). Dates that are
// not dates and results that are not results never load (ingest rejects
// them); a disposition loaded twice is the same disposition_id, which
// ingest keeps once. It returns the number moved. Ingest runs it after
// loading, and the planner before reading the dispositions.
func CheckDispositions(ctx context.Context, db *sql.DB, today time.Time) (int, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	return checkDispositions(ctx, conn, today)
}

func checkDispositions(ctx context.Context, conn *sql.Conn, today time.Time) (int, error) {
	var day any
	if !today.IsZero() {
		day = today.Format(time.DateOnly)
	}
	var n int
	err := inTx(ctx, conn, func() error {
		if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE disposition_rejects AS `+sqlText("outcome_checks"),
			sql.Named("today", day)); err != nil {
			return fmt.Errorf("check dispositions: %w", err)
		}
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM disposition_rejects`).Scan(&n); err != nil || n == 0 {
			return err
		}
		for _, q := range []string{
			`INSERT INTO rejects (batch_id, ledger, file, sheet, "row", "column", "value", reason)
SELECT r._batch, 'dispositions', coalesce(b.file, ''), b.sheet, r._row, r."column", r."value", r.reason
FROM disposition_rejects r LEFT JOIN batches b ON b.batch_id = r._batch`,
			`DELETE FROM dispositions d WHERE EXISTS (
  SELECT 1 FROM disposition_rejects r WHERE r._batch = d._batch AND r._row = d._row)`,
			`UPDATE batches SET rows_loaded = batches.rows_loaded - x.n, rows_rejected = batches.rows_rejected + x.n
FROM (SELECT _batch, count(*) AS n FROM disposition_rejects GROUP BY _batch) x WHERE batches.batch_id = x._batch`,
		} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("reject dispositions: %w", err)
			}
		}
		return nil
	})
	if _, derr := conn.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS disposition_rejects`); err == nil {
		err = derr
	}
	return n, err
}

// Outcome is one disposition resolved to what it judges (see
// sql/outcome_resolved.sql): a target, a flag, or a unit against the run
// before it.
type Outcome struct {
	DispositionID string
	DecidedOn     time.Time
	Result        string
	Money         float64 // recovered, yuan
	Persons       int     // disciplined
	TargetID      string  // the target judged (named, or the unit's latest before it); "" for none
	FlagID        string  // the flag judged; "" for none
	FlagRule      string  // the flag's rule
	UnitID        string
	Kind          string // the target's kind; "" for none
	Random        bool   // the target was drawn by the tour lottery
	RefRun        string // the run whose indicators say which rules pointed at the unit
	Rules         []string
	// Features are the unit's standardised indicators in RefRun (absent
	// where one abstained); nil for a flag or with no RefRun.
	Features map[string]float64
}

// Checked reports whether the outcome says anything: not_checked does not.
func (o Outcome) Checked() bool { return o.Result != ResultUnchecked }

// Hit reports whether the check found what was pointed at, in full or in
// part.
func (o Outcome) Hit() bool { return o.Result == ResultConfirmed || o.Result == ResultPartly }

// LoadOutcomes resolves the dispositions decided on or before asOf, each
// judged thing once, with the rules that pointed at it.
func LoadOutcomes(ctx context.Context, db *sql.DB, asOf time.Time, oc Outcomes) ([]Outcome, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return LoadOutcomesOn(ctx, conn, asOf, oc)
}

// LoadOutcomesOn is LoadOutcomes on a connection the caller holds (it
// makes and drops a temporary table there).
func LoadOutcomesOn(ctx context.Context, conn *sql.Conn, asOf time.Time, oc Outcomes) ([]Outcome, error) {
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE outcome_resolved AS `+sqlText("outcome_resolved"),
		sql.Named("as_of", asOf), sql.Named("attach_months", oc.AttachMonths)); err != nil {
		return nil, fmt.Errorf("outcomes: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS outcome_resolved`)
	rows, err := conn.QueryContext(ctx, `SELECT * FROM outcome_resolved ORDER BY disposition_id`)
	if err != nil {
		return nil, fmt.Errorf("outcomes: %w", err)
	}
	var out []Outcome
	at := map[string]int{}
	for rows.Next() {
		var o Outcome
		var target, flag, rule, unit, kind, ref sql.NullString
		if err := rows.Scan(&o.DispositionID, &o.DecidedOn, &o.Result, &o.Money, &o.Persons, &target, &flag, &rule,
			&unit, &kind, &o.Random, &ref); err != nil {
			rows.Close()
			return nil, fmt.Errorf("outcomes: %w", err)
		}
		o.TargetID, o.FlagID, o.FlagRule, o.UnitID, o.Kind, o.RefRun = target.String, flag.String, rule.String,
			unit.String, kind.String, ref.String
		at[o.DispositionID] = len(out)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outcomes: %w", err)
	}
	err = eachRow(ctx, conn, sqlText("outcome_rules"), func(rows *sql.Rows) error {
		var id, rule string
		if err := rows.Scan(&id, &rule); err != nil {
			return err
		}
		if i, ok := at[id]; ok {
			out[i].Rules = append(out[i].Rules, rule)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outcome rules: %w", err)
	}
	err = eachRow(ctx, conn, sqlText("outcome_features"), func(rows *sql.Rows) error {
		var id, ind string
		var std float64
		if err := rows.Scan(&id, &ind, &std); err != nil {
			return err
		}
		if i, ok := at[id]; ok {
			if out[i].Features == nil {
				out[i].Features = map[string]float64{}
			}
			out[i].Features[ind] = std
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outcome features: %w", err)
	}
	return out, nil
}

// Queryer is what reading stored runs needs: a *sql.DB or a *sql.Conn.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// eachRow runs a query and calls f on each row.
func eachRow(ctx context.Context, q Queryer, text string, f func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, text, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Proportion is a share with its 95% Wilson score interval.
type Proportion struct {
	N, K      int // trials and successes
	P, Lo, Hi float64
}

// wilsonZ is the normal quantile of a two-sided 95% interval.
const wilsonZ = 1.959963984540054

// NewProportion returns k of n with Wilson's score interval (Wilson 1927;
// R's prop.test without continuity correction); NaNs for n = 0.
func NewProportion(k, n int) Proportion {
	p := Proportion{N: n, K: k, P: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	if n == 0 {
		return p
	}
	ph, nf, z2 := float64(k)/float64(n), float64(n), wilsonZ*wilsonZ
	centre := (ph + z2/(2*nf)) / (1 + z2/nf)
	half := wilsonZ * math.Sqrt(ph*(1-ph)/nf+z2/(4*nf*nf)) / (1 + z2/nf)
	p.P, p.Lo, p.Hi = ph, math.Max(0, centre-half), math.Min(1, centre+half)
	return p
}

// RulePrecision is one rule's live record: the checked outcomes of the
// units it pointed at (a positive contribution in the run before the
// check) and of its own flags.
type RulePrecision struct {
	Rule      string
	Precision Proportion // hits among checked outcomes
	Flags     int        // of which judged its own flags
	Lift      float64    // precision / the hit rate of all checked outcomes
	Money     float64    // recovered where it pointed and the check found
	Persons   int        // disciplined there
	Retire    bool       // listed for retirement (see Outcomes.MinLift)
}

// Yield is what the tours of one kind of slot (targeted or random) found.
type Yield struct {
	Outcomes int        // dispositions of such tours
	Hits     Proportion // of the checked ones
	Money    float64
	Persons  int
}

// OutcomeSummary is what the dispositions up to a date teach.
type OutcomeSummary struct {
	AsOf time.Time
	// Total counts the judged things (each once); Checked those not
	// not_checked; Unattributed those with no target, flag or run before
	// them (a unit judged before any run), which no rule is credited with.
	Total, Checked, Unattributed int
	Base                         Proportion // hits among all checked, attributed outcomes
	Rules                        []RulePrecision
	// Targeted and Random compare the tours chosen by the plan's
	// targeting with those drawn by its lottery.
	Targeted, Random Yield
	Money            float64
	Persons          int
}

// Summarise computes each rule's live precision and yield, the rules
// listed for retirement, and the targeted and random tours' yields.
func Summarise(asOf time.Time, outs []Outcome, oc Outcomes) OutcomeSummary {
	s := OutcomeSummary{AsOf: asOf, Total: len(outs)}
	type acc struct {
		n, k, flags, persons int
		money                float64
	}
	per := map[string]*acc{}
	get := func(r string) *acc {
		if per[r] == nil {
			per[r] = &acc{}
		}
		return per[r]
	}
	var baseN, baseK int
	for _, o := range outs {
		s.Money += o.Money
		s.Persons += o.Persons
		if o.Kind == KindTour {
			y := &s.Targeted
			if o.Random {
				y = &s.Random
			}
			y.Outcomes++
			if o.Checked() {
				y.Hits.N++
				if o.Hit() {
					y.Hits.K++
				}
			}
			y.Money += o.Money
			y.Persons += o.Persons
		}
		if !o.Checked() {
			continue
		}
		s.Checked++
		rules := o.Rules
		if o.FlagRule != "" {
			rules = []string{o.FlagRule}
		}
		if o.FlagRule == "" && o.RefRun == "" {
			s.Unattributed++
			continue
		}
		baseN++
		if o.Hit() {
			baseK++
		}
		for _, r := range rules {
			a := get(r)
			a.n++
			if o.FlagRule != "" {
				a.flags++
			}
			if o.Hit() {
				a.k++
				a.money += o.Money
				a.persons += o.Persons
			}
		}
	}
	s.Base = NewProportion(baseK, baseN)
	for _, y := range []*Yield{&s.Targeted, &s.Random} {
		y.Hits = NewProportion(y.Hits.K, y.Hits.N)
	}
	// The catalogue's rules in its order, then rules of flags that it no
	// longer declares.
	rules := IndicatorIDs()
	var extra []string
	for r := range per {
		if _, ok := IndicatorByID(r); !ok {
			extra = append(extra, r)
		}
	}
	slices.Sort(extra)
	for _, r := range append(rules, extra...) {
		a := get(r)
		rp := RulePrecision{Rule: r, Precision: NewProportion(a.k, a.n), Flags: a.flags, Money: a.money, Persons: a.persons}
		rp.Lift = rp.Precision.P / s.Base.P
		rp.Retire = a.n >= oc.MinOutcomes && rp.Precision.Hi < oc.MinLift*s.Base.P
		s.Rules = append(s.Rules, rp)
	}
	return s
}

// SummariseOutcomes loads and summarises the outcomes up to asOf.
func SummariseOutcomes(ctx context.Context, db *sql.DB, asOf time.Time, oc Outcomes) (OutcomeSummary, []Outcome, error) {
	outs, err := LoadOutcomes(ctx, db, asOf, oc)
	if err != nil {
		return OutcomeSummary{}, nil, err
	}
	return Summarise(asOf, outs, oc), outs, nil
}
