package risk

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/microrisk/microrisk/risk/stats"
)

// BacktestOptions say when to score and how long to watch what followed.
type BacktestOptions struct {
	// AsOf is the date scored: only what was known then is read.
	AsOf time.Time
	// HorizonMonths is how long after AsOf outcomes count (default 12).
	HorizonMonths int
	Config        Config
	// Capacity is the number of units a plan can visit (k of precision at
	// k); default a year of the configured tours (Tours.YearCapacity).
	Capacity int
	// Now stamps the stored backtest; Seed draws the random plan.
	Now  func() time.Time
	Seed uint64
}

// Backtest is how well the score at AsOf foretold what followed: the
// units with a case filed, a lead that led to a case, or a tour or visit
// that found problems in (AsOf, HorizonEnd] are the positives.
type Backtest struct {
	ID         string
	AsOf       time.Time
	HorizonEnd time.Time // AsOf + horizon, or the last date of the data if earlier
	// Truncated is true when the data end before AsOf + horizon.
	Truncated bool
	Units     int
	Positives int
	// AUC of the composite; BaselineAUC of the naive count of indicators
	// above their 95th percentile.
	AUC, BaselineAUC float64
	// K is the plan's capacity; the yields are the positives among the
	// top K by score, among K units of the rotation plan (longest untoured
	// first) and, expected, among K units drawn at random (base rate × K).
	K                         int
	Yield, RotationYield      int
	RandomYield, PrecisionAtK float64
	Indicators                []IndicatorAUC
	Bands                     []BandRate
	Families                  []IndicatorAUC // AUC of each family's score
	RandomDrawYield           int            // one seeded random plan, for the record
	Created                   time.Time
	Version, ConfigText       string
	Outcomes                  OutcomeCounts
	HorizonMonths             int
}

// IndicatorAUC is one indicator's (or family's) own AUC against the
// outcomes; NaN where it abstained for every unit.
type IndicatorAUC struct {
	ID  string
	AUC float64
}

// BandRate is the share of a band's units with an outcome: calibration.
type BandRate struct {
	Band             string
	Units, Positives int
	Rate             float64
}

// OutcomeCounts are the events that made the positives.
type OutcomeCounts struct {
	Cases, ConfirmedLeads, Findings int
}

// ErrNoHorizon is returned when nothing is known after the as-of date.
var ErrNoHorizon = errors.New("backtest: the data end at or before the as-of date: nothing followed to compare with")

// RunBacktest scores at opt.AsOf with only what was known then (Compute),
// reads what followed in the horizon, measures the score against it and
// stores the backtest (tables backtests, backtest_indicators,
// backtest_bands).
func RunBacktest(ctx context.Context, db *sql.DB, opt BacktestOptions) (*Backtest, error) {
	if opt.HorizonMonths <= 0 {
		opt.HorizonMonths = 12
	}
	if opt.Now == nil {
		return nil, errors.New("risk: BacktestOptions.Now is nil")
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	res, err := compute(ctx, conn, opt.AsOf, opt.Config)
	if err != nil {
		return nil, err
	}
	bt := &Backtest{AsOf: res.AsOf, HorizonMonths: opt.HorizonMonths, Created: opt.Now().UTC(), Version: CodeVersion()}
	if err := bt.horizon(ctx, conn, opt.HorizonMonths); err != nil {
		return nil, err
	}
	pos, counts, err := outcomes(ctx, conn, res, bt)
	if err != nil {
		return nil, err
	}
	bt.Outcomes = counts
	rotation, err := rotationOrder(ctx, conn, res.AsOf)
	if err != nil {
		return nil, err
	}
	k := opt.Capacity
	if k <= 0 {
		k = opt.Config.Tours.YearCapacity()
	}
	bt.measure(res, pos, rotation, k, opt.Seed)
	var cfg bytes.Buffer
	if err := WriteTOML(&cfg, opt.Config); err != nil {
		return nil, err
	}
	bt.ConfigText = cfg.String()
	if err := inTx(ctx, conn, func() error { return storeBacktest(ctx, conn, bt) }); err != nil {
		return nil, err
	}
	return bt, nil
}

// horizon sets HorizonEnd: AsOf + months, or the last date of the outcome
// ledgers if earlier.
func (bt *Backtest) horizon(ctx context.Context, q querier, months int) error {
	end := bt.AsOf.AddDate(0, months, 0)
	var last sql.NullTime
	rows, err := q.QueryContext(ctx, sqlText("backtest_data_end"))
	if err != nil {
		return fmt.Errorf("backtest: %w", err)
	}
	if rows.Next() {
		if err := rows.Scan(&last); err != nil {
			rows.Close()
			return err
		}
	}
	rows.Close()
	if !last.Valid || !last.Time.After(bt.AsOf) {
		return ErrNoHorizon
	}
	if last.Time.Before(end) {
		end, bt.Truncated = day(last.Time), true
	}
	bt.HorizonEnd = end
	return nil
}

// outcomes reads each unit's events in the horizon.
func outcomes(ctx context.Context, q querier, res *Result, bt *Backtest) ([]bool, OutcomeCounts, error) {
	var c OutcomeCounts
	index := map[string]int{}
	for i, u := range res.Units {
		index[u.UnitID] = i
	}
	pos := make([]bool, len(res.Units))
	rows, err := q.QueryContext(ctx, sqlText("backtest_outcomes"), sql.Named("as_of", bt.AsOf), sql.Named("horizon_end", bt.HorizonEnd))
	if err != nil {
		return nil, c, fmt.Errorf("backtest outcomes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var cases, leads, findings int
		if err := rows.Scan(&id, &cases, &leads, &findings); err != nil {
			return nil, c, err
		}
		if i, ok := index[id]; ok {
			pos[i] = cases+leads+findings > 0
			c.Cases += cases
			c.ConfirmedLeads += leads
			c.Findings += findings
		}
	}
	return pos, c, rows.Err()
}

func rotationOrder(ctx context.Context, q querier, asOf time.Time) ([]string, error) {
	rows, err := q.QueryContext(ctx, sqlText("backtest_rotation"), sql.Named("as_of", asOf))
	if err != nil {
		return nil, fmt.Errorf("backtest rotation: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// measure fills the metrics from the scores, the positives, the rotation
// order and the capacity k.
func (bt *Backtest) measure(res *Result, pos []bool, rotation []string, k int, seed uint64) {
	n := len(res.Units)
	k = min(k, n)
	bt.Units, bt.K = n, k
	composite := make([]float64, n)
	isPos := map[string]bool{}
	for i, u := range res.Units {
		composite[i] = u.Composite
		if pos[i] {
			bt.Positives++
			isPos[u.UnitID] = true
		}
	}
	bt.AUC = stats.AUC(composite, pos)
	bt.BaselineAUC = stats.AUC(NaiveCounts(res), pos)
	bt.PrecisionAtK = stats.PrecisionAtK(composite, pos, k)
	bt.Yield = int(math.Round(bt.PrecisionAtK * float64(k)))
	for _, id := range rotation[:min(k, len(rotation))] {
		if isPos[id] {
			bt.RotationYield++
		}
	}
	bt.RandomYield = float64(bt.Positives) / float64(max(n, 1)) * float64(k)
	r := rand.New(rand.NewPCG(seed, 0x6261636b74657374))
	for _, i := range r.Perm(n)[:k] {
		if pos[i] {
			bt.RandomDrawYield++
		}
	}
	for j, ind := range Catalogue {
		s := make([]float64, n)
		all := true
		for i, u := range res.Units {
			s[i] = u.Std[j]
			if math.IsNaN(s[i]) {
				s[i] = 0
			} else {
				all = false
			}
		}
		a := math.NaN()
		if !all {
			a = stats.AUC(s, pos)
		}
		bt.Indicators = append(bt.Indicators, IndicatorAUC{ind.ID, a})
	}
	for f, fam := range Families {
		s := make([]float64, n)
		for i, u := range res.Units {
			s[i] = u.Family[f]
			if math.IsNaN(s[i]) {
				s[i] = 0
			}
		}
		bt.Families = append(bt.Families, IndicatorAUC{fam, stats.AUC(s, pos)})
	}
	bands := map[string]*BandRate{}
	for i, u := range res.Units {
		b := bands[u.Band]
		if b == nil {
			b = &BandRate{Band: u.Band}
			bands[u.Band] = b
		}
		b.Units++
		if pos[i] {
			b.Positives++
		}
	}
	for _, name := range []string{BandHigh, BandElevated, BandNormal} {
		if b := bands[name]; b != nil {
			b.Rate = float64(b.Positives) / float64(b.Units)
			bt.Bands = append(bt.Bands, *b)
		}
	}
	sort.SliceStable(bt.Indicators, func(a, b int) bool { return bt.Indicators[a].ID < bt.Indicators[b].ID })
}

// NaiveCounts is the baseline a model that reads context must beat: per
// unit, the number of its indicators whose raw value (direction applied)
// lies above the indicator's 95th percentile across the units that did not
// abstain.
func NaiveCounts(r *Result) []float64 {
	out := make([]float64, len(r.Units))
	for k, ind := range Catalogue {
		var vals []float64
		for _, u := range r.Units {
			if v := u.Values[k]; !v.Abstains() {
				vals = append(vals, ind.Direction*v.Value)
			}
		}
		if len(vals) == 0 {
			continue
		}
		sort.Float64s(vals)
		p95 := stats.Quantile7(0.95, vals)
		for i, u := range r.Units {
			if v := u.Values[k]; !v.Abstains() && ind.Direction*v.Value > p95 {
				out[i]++
			}
		}
	}
	return out
}

// storeBacktest writes the backtest and its indicator AUCs and bands.
func storeBacktest(ctx context.Context, conn *sql.Conn, bt *Backtest) error {
	err := conn.QueryRowContext(ctx, `SELECT 'bt-' || strftime($1::DATE, '%Y%m%d') || '-' || (count(*) + 1) FROM backtests WHERE as_of = $1::DATE`,
		bt.AsOf).Scan(&bt.ID)
	if err != nil {
		return fmt.Errorf("backtest id: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO backtests VALUES ($1, $2::DATE, $3, $4::DATE, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
		bt.ID, bt.AsOf, bt.HorizonMonths, bt.HorizonEnd, bt.Truncated, bt.Created, bt.Version, bt.ConfigText,
		bt.Units, bt.Positives, nullable(bt.AUC), nullable(bt.BaselineAUC), bt.K, bt.Yield, bt.RotationYield, bt.RandomYield,
		bt.RandomDrawYield, nullable(bt.PrecisionAtK), bt.Outcomes.Cases, bt.Outcomes.ConfirmedLeads, bt.Outcomes.Findings, ""); err != nil {
		return fmt.Errorf("store backtest: %w", err)
	}
	for _, x := range append(append([]IndicatorAUC(nil), bt.Indicators...), familyRows(bt.Families)...) {
		if _, err := conn.ExecContext(ctx, `INSERT INTO backtest_indicators VALUES ($1, $2, $3)`, bt.ID, x.ID, nullable(x.AUC)); err != nil {
			return fmt.Errorf("store backtest: %w", err)
		}
	}
	for _, b := range bt.Bands {
		if _, err := conn.ExecContext(ctx, `INSERT INTO backtest_bands VALUES ($1, $2, $3, $4, $5)`, bt.ID, b.Band, b.Units, b.Positives, b.Rate); err != nil {
			return fmt.Errorf("store backtest: %w", err)
		}
	}
	return nil
}

// familyRows names family AUCs "family:<name>" beside the indicators.
func familyRows(fs []IndicatorAUC) []IndicatorAUC {
	out := make([]IndicatorAUC, len(fs))
	for i, f := range fs {
		out[i] = IndicatorAUC{"family:" + f.ID, f.AUC}
	}
	return out
}
