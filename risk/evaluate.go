package risk

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"

	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/risk/benford"
)

// scopeUnit is one scored unit.
type scopeUnit struct {
	ID, Level, District string
}

// scope is the scored units and the per-unit figures every indicator may
// divide by: the scope's staff and population (NaN when missing) and the
// base figures (payments, deals, txns), each a vector in unit order.
type scope struct {
	Units []scopeUnit
	index map[string]int
	base  map[string][]float64
	// hasRows says whether each ledger holds any row at all (at any date).
	hasRows map[string]bool
	// strata holds, per stratified base (its name), each unit's count per
	// stratum: strata["payments/program"][i]["dibao"] is unit i's dibao
	// payments in the payments window.
	strata map[string][]map[string]float64
}

// strataBases are the stratified denominators: each query returns
// unit_id, stratum and n (its count in the stratum).
var strataBases = []struct {
	Name, SQL string
	Window    Window
}{
	{"payments/program", "strata_payments_program", WindowPayments},
	{"txns/kind", "strata_assets_kind", WindowAssets},
}

// bases are the queries of the denominators, each returning unit_id and
// named counts in its window.
var bases = []struct {
	SQL    string
	Window Window
}{
	{"base_payments", WindowPayments},
	{"base_assets", WindowAssets},
}

// labelEnums are the enumerations whose labels rule statements may join
// (temp table risk_labels: enum, code, zh, en).
var labelEnums = []*model.Enum{
	model.Domains, model.Violations, model.CaseSources, model.Channels, model.ReportCategories,
	model.LeadStatuses, model.InspectionKinds, model.AssetCategories, model.AssetKinds,
	model.RelationKinds, model.ActionKinds, model.Registers, model.UnitKinds,
}

// runFlagsDDL is the connection's working table of the run's flags; Score
// copies it into flags with the run id.
const runFlagsDDL = `CREATE OR REPLACE TEMP TABLE run_flags (
  unit_id VARCHAR NOT NULL, rule VARCHAR NOT NULL, ledger VARCHAR NOT NULL, record_id VARCHAR NOT NULL,
  record_on DATE, amount DOUBLE, figures VARCHAR, reason_zh VARCHAR NOT NULL, reason_en VARCHAR NOT NULL,
  batch_id BIGINT, source_row BIGINT)`

// runClustersDDL is the connection's working table of the run's scan
// clusters; Score copies it into scan_clusters with the run id.
const runClustersDDL = `CREATE OR REPLACE TEMP TABLE run_clusters (
  cluster INTEGER NOT NULL, centre_id VARCHAR NOT NULL, longitude DOUBLE, latitude DOUBLE, radius_km DOUBLE,
  unit_ids VARCHAR[] NOT NULL, cases DOUBLE, expected DOUBLE, rr DOUBLE, llr DOUBLE, p DOUBLE, significant BOOLEAN)`

// loadScope builds the scope (temp table risk_scope), the label table,
// the working flags and clusters tables and the programmes' standard
// amounts (risk_standard_amounts), and reads the scored units and their
// base figures.
func loadScope(ctx context.Context, q querier, asOf time.Time, cfg Config) (*scope, error) {
	if _, err := q.ExecContext(ctx, sqlText("scope"), sql.Named("levels", model.ScoredLevels)); err != nil {
		return nil, fmt.Errorf("scope: %w", err)
	}
	if err := writeLabels(ctx, q); err != nil {
		return nil, err
	}
	if _, err := q.ExecContext(ctx, runFlagsDDL); err != nil {
		return nil, fmt.Errorf("flags table: %w", err)
	}
	if _, err := q.ExecContext(ctx, runClustersDDL); err != nil {
		return nil, fmt.Errorf("clusters table: %w", err)
	}
	sc := &scope{index: map[string]int{}, base: map[string][]float64{}, strata: map[string][]map[string]float64{},
		hasRows: map[string]bool{}}
	for _, l := range model.Ledgers {
		var any bool
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+model.Ident(l.Name)+`)`).Scan(&any); err != nil {
			return nil, fmt.Errorf("ledger %s: %w", l.Name, err)
		}
		sc.hasRows[l.Name] = any
	}
	rows, err := q.QueryContext(ctx, sqlText("units"))
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	var staff, pop []float64
	for rows.Next() {
		var u scopeUnit
		var district sql.NullString
		var s, p sql.NullFloat64
		if err := rows.Scan(&u.ID, &u.Level, &district, &s, &p); err != nil {
			rows.Close()
			return nil, fmt.Errorf("units: %w", err)
		}
		u.District = district.String
		sc.index[u.ID] = len(sc.Units)
		sc.Units = append(sc.Units, u)
		staff, pop = append(staff, nullNaN(s)), append(pop, nullNaN(p))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	sc.base["staff"], sc.base["population"] = staff, pop
	for _, b := range bases {
		text := sqlText(b.SQL)
		args, err := newRuleParams(cfg, asOf, b.Window.Months(cfg)).args(text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.SQL, err)
		}
		if err := sc.readFigures(ctx, q, text, args, sc.base); err != nil {
			return nil, fmt.Errorf("%s: %w", b.SQL, err)
		}
	}
	text := sqlText("standard_amounts")
	args, err := newRuleParams(cfg, asOf, WindowPayments.Months(cfg)).args(text)
	if err != nil {
		return nil, fmt.Errorf("standard_amounts: %w", err)
	}
	if _, err := q.ExecContext(ctx, text, args...); err != nil {
		return nil, fmt.Errorf("standard amounts: %w", err)
	}
	for _, b := range strataBases {
		text := sqlText(b.SQL)
		args, err := newRuleParams(cfg, asOf, b.Window.Months(cfg)).args(text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.SQL, err)
		}
		if sc.strata[b.Name], err = sc.readStrata(ctx, q, text, args); err != nil {
			return nil, fmt.Errorf("%s: %w", b.SQL, err)
		}
	}
	return sc, nil
}

// readStrata runs a query returning unit_id, stratum and n, and returns
// each scoped unit's counts by stratum (a nil map for a unit with none).
func (sc *scope) readStrata(ctx context.Context, q querier, text string, args []any) ([]map[string]float64, error) {
	out := make([]map[string]float64, len(sc.Units))
	rows, err := q.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var stratum sql.NullString
		var n float64
		if err := rows.Scan(&id, &stratum, &n); err != nil {
			return nil, err
		}
		i, ok := sc.index[id]
		if !ok {
			continue
		}
		if out[i] == nil {
			out[i] = map[string]float64{}
		}
		out[i][stratum.String] += n
	}
	return out, rows.Err()
}

func writeLabels(ctx context.Context, q querier) error {
	if _, err := q.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE risk_labels (enum VARCHAR, code VARCHAR, zh VARCHAR, en VARCHAR)`); err != nil {
		return fmt.Errorf("labels: %w", err)
	}
	var vals []string
	var args []any
	for _, e := range labelEnums {
		for _, v := range e.Values {
			vals = append(vals, "(?, ?, ?, ?)")
			args = append(args, e.Name, v.Code, v.Zh, v.En)
		}
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO risk_labels VALUES `+strings.Join(vals, ", "), args...); err != nil {
		return fmt.Errorf("labels: %w", err)
	}
	return nil
}

func nullNaN(v sql.NullFloat64) float64 {
	if !v.Valid {
		return math.NaN()
	}
	return v.Float64
}

// readFigures runs a query whose column unit_id names a unit and whose
// other columns are numbers, and stores each in into[column][unit] (a
// vector of zeros made on first sight; units outside the scope are
// ignored; NULL is stored as 0, a count of nothing).
func (sc *scope) readFigures(ctx context.Context, q querier, text string, args []any, into map[string][]float64) error {
	rows, err := q.QueryContext(ctx, text, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	at := -1
	for j, c := range cols {
		if c == "unit_id" {
			at = j
		} else if into[c] == nil {
			into[c] = make([]float64, len(sc.Units))
		}
	}
	if at < 0 {
		return fmt.Errorf("no column unit_id")
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for j := range vals {
		ptrs[j] = &vals[j]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		id, _ := vals[at].(string)
		i, ok := sc.index[id]
		if !ok {
			continue
		}
		for j, c := range cols {
			if j != at {
				if x := number(vals[j]); !math.IsNaN(x) {
					into[c][i] = x
				}
			}
		}
	}
	return rows.Err()
}

// number converts a scanned SQL value to float64 (NaN for NULL or text).
func number(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case int16:
		return float64(x)
	case int8:
		return float64(x)
	case uint64:
		return float64(x)
	case uint32:
		return float64(x)
	case bool:
		if x {
			return 1
		}
		return 0
	case *big.Int: // HUGEINT: DuckDB's sum of integers
		f, _ := new(big.Float).SetInt(x).Float64()
		return f
	case interface{ Float64() float64 }: // duckdb.Decimal
		return x.Float64()
	}
	return math.NaN()
}

// ruleInput is what a measure sees of one indicator's run.
type ruleInput struct {
	ind    *Indicator
	reason *reasonTemplates
	sc     *scope
	// fig holds the indicator's own per-unit figures (observed, at_stake,
	// its "units" statement's columns, extras set by a Go measure).
	fig  map[string][]float64
	recs *recordSet // the records, for measures that read them in Go
	// strata holds each unit's records per stratum (column stratum of the
	// records), for stratified measures.
	strata []map[string]float64
	// prior holds the values of the indicators computed before this one,
	// by id (Silent reads the payment and asset indicators).
	prior map[string][]Value
	cfg   Config
	asOf  time.Time
	// months is the indicator's window, min its minimum.
	months, min int
	// unitFlags are the units whose records the rule's "flags" statement
	// makes flags, with what their flags share (a Go measure sets them);
	// clusters are the clusters a scan found, kept for the run.
	unitFlags []unitFlag
	clusters  []clusterRow
}

// col returns the per-unit figure name: the indicator's own, then the
// scope's. An unknown name is a bug in the declaration.
func (in *ruleInput) col(name string) []float64 {
	if v, ok := in.fig[name]; ok {
		return v
	}
	if v, ok := in.sc.base[name]; ok {
		return v
	}
	panic(fmt.Sprintf("risk: %s: no figure %q", in.ind.ID, name))
}

// set stores a per-unit figure computed by a Go measure.
func (in *ruleInput) set(name string, i int, v float64) {
	if in.fig[name] == nil {
		in.fig[name] = make([]float64, len(in.sc.Units))
	}
	in.fig[name][i] = v
}

// exposure returns the scope figure times the window in years.
func (in *ruleInput) exposure(name string) []float64 {
	c := in.col(name)
	out := make([]float64, len(c))
	for i, x := range c {
		out[i] = x * float64(in.months) / 12
	}
	return out
}

// noExposure is the abstention of a unit without the exposure figure.
func (in *ruleInput) noExposure(name string) Value {
	if name == "population" {
		return abstain("无人口数", "no population figure")
	}
	return abstain("无干部职工人数", "no staff figure")
}

// fewRecords words the abstention below a minimum of a base figure:
// Chinese and English formats of (months, minimum).
var fewRecords = map[string][2]string{
	"payments":    {"%d个月内发放不足%d笔", "fewer than %[2]d payments in %[1]d months"},
	"deals":       {"%d个月内出租发包不足%d宗", "fewer than %[2]d leases and contracts in %[1]d months"},
	"txns":        {"%d个月内集体三资业务不足%d笔", "fewer than %[2]d collective transactions in %[1]d months"},
	"leases":      {"%d个月内有面积的出租不足%d宗", "fewer than %[2]d leases with an area in %[1]d months"},
	"received":    {"%d个月内未受理线索（不足%d条）", "no lead received in %[1]d months (fewer than %[2]d)"},
	"inspections": {"%d个月内无已知结果的巡察或暗访（不足%d次）", "no tour or visit with known findings in %[1]d months (fewer than %[2]d)"},
	"problems":    {"%d个月内巡察暗访未发现问题或无整改记录（不足%d个）", "no problem found with a known rectification in %[1]d months (fewer than %[2]d)"},
}

// few is the abstention of a unit below the minimum of the base figure.
func (in *ruleInput) few(over string) Value {
	f, ok := fewRecords[over]
	if !ok {
		f = [2]string{"%d个月内数据不足%d条", "fewer than %[2]d records in %[1]d months"}
	}
	return abstain(fmt.Sprintf(f[0], in.months, in.min), fmt.Sprintf(f[1], in.months, in.min))
}

// value completes d with the unit's figures and returns the Value with its
// reason sentences.
func (in *ruleInput) value(i int, d reasonData) Value {
	v := Value{Value: d.Value, Z: d.Z, Observed: d.Observed, Expected: d.Expected, AtStake: math.NaN(),
		lazy: &lazyReason{in: in, i: i, d: d}}
	if s, ok := in.fig["at_stake"]; ok && s[i] != 0 {
		v.AtStake = s[i]
	}
	return v
}

// render completes the figures the sentence may state (the unit's base and
// own figures, the configuration's parameters) and writes it.
func (l *lazyReason) render() (zh, en string) {
	in, i, d := l.in, l.i, l.d
	d.Months = in.months
	d.AsOf = in.asOf.Format("2006-01-02")
	d.F = map[string]float64{}
	for name, v := range in.sc.base {
		d.F[name] = v[i]
	}
	for name, v := range in.fig {
		d.F[name] = v[i]
	}
	d.Cfg = paramFigures(in.cfg)
	return in.reason.render(d)
}

// evaluate computes every indicator of the catalogue for the scope's
// units and leaves the flags of their records in run_flags. It returns
// the values indexed [indicator][unit], and appends each indicator's time
// to times: its wall time, or for one computed in the background (see
// background) the time of its own parts.
func evaluate(ctx context.Context, q querier, sc *scope, cfg Config, asOf time.Time, times *[]StepTime) ([][]Value, error) {
	out := make([][]Value, len(Catalogue))
	cache := map[string]*recordSet{}
	prior := map[string][]Value{}
	var pending []*goJob
	// finish waits for the background computations and stores their flags
	finish := func() error {
		for _, j := range pending {
			<-j.done
			start := time.Now()
			if err := storeGoFlags(ctx, q, j.in, j.stmts["flags"], j.params, j.flags); err != nil {
				return fmt.Errorf("%s: %w", j.in.ind.ID, err)
			}
			*times = append(*times, StepTime{j.in.ind.ID, (j.read + j.computed + time.Since(start)).Seconds()})
			out[j.k], prior[j.in.ind.ID] = j.vals, j.vals
		}
		pending = nil
		return nil
	}
	for k := range Catalogue {
		ind := &Catalogue[k]
		if _, ok := ind.Measure.(readsPrior); ok {
			if err := finish(); err != nil {
				return nil, err
			}
		}
		start := time.Now()
		vals, job, err := evaluateOne(ctx, q, sc, ind, cfg, asOf, cache, prior)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ind.ID, err)
		}
		if job != nil {
			job.k, job.read = k, time.Since(start)
			pending = append(pending, job)
			continue
		}
		*times = append(*times, StepTime{ind.ID, time.Since(start).Seconds()})
		out[k] = vals
		prior[ind.ID] = vals
	}
	return out, finish()
}

// background marks a measure computed in Go whose computation is long and
// pure (the scan's Monte Carlo replicates): evaluate runs it in a
// goroutine while the indicators after it run their SQL, which leaves
// cores idle between and within queries, and stores its flags once it is
// done.
type background interface{ background() }

// readsPrior marks a measure that reads the values of indicators computed
// before it (ruleInput.prior): the background computations finish first.
type readsPrior interface{ readsPrior() }

// goJob is a background computation of one indicator.
type goJob struct {
	k      int // the indicator's index in the catalogue
	in     *ruleInput
	stmts  map[string]string
	params ruleParams
	read   time.Duration // reading its records (evaluate's goroutine)
	// set by the background goroutine, read once done is closed
	computed time.Duration
	vals     []Value
	flags    []Flag
	done     chan struct{}
}

func evaluateOne(ctx context.Context, q querier, sc *scope, ind *Indicator, cfg Config, asOf time.Time,
	cache map[string]*recordSet, prior map[string][]Value) ([]Value, *goJob, error) {
	stmts, err := ruleStatements(ind.SQL)
	if err != nil {
		return nil, nil, err
	}
	reason, err := parseReason(*ind)
	if err != nil {
		return nil, nil, err
	}
	in := &ruleInput{ind: ind, reason: reason, sc: sc, fig: map[string][]float64{}, cfg: cfg, asOf: asOf,
		months: ind.Window.Months(cfg), min: ind.Minimum.Of(cfg), prior: prior}
	params := newRuleParams(cfg, asOf, in.months)
	params["minimum"] = in.min
	records := expandRecords(stmts["records"])
	if ind.Measure.inGo() {
		if in.recs, err = cachedRecords(ctx, q, cache, ind, in, records, params); err != nil {
			return nil, nil, err
		}
		if _, ok := ind.Measure.(background); ok {
			job := &goJob{in: in, stmts: stmts, params: params, done: make(chan struct{})}
			go func() {
				defer close(job.done)
				start := time.Now()
				job.vals, job.flags = ind.Measure.compute(in)
				in.release()
				job.computed = time.Since(start)
			}()
			return nil, job, nil
		}
		vals, flags := ind.Measure.compute(in)
		in.release()
		return vals, nil, storeGoFlags(ctx, q, in, stmts["flags"], params, flags)
	}
	if err := flagRecords(ctx, q, sc, ind, records, stmts["units"], params, in.fig); err != nil {
		return nil, nil, err
	}
	if _, ok := ind.Measure.(StratifiedExcess); ok {
		if in.strata, err = sc.readStrata(ctx, q, `SELECT unit_id, stratum, count(*) FROM rule_flags GROUP BY ALL`, nil); err != nil {
			return nil, nil, fmt.Errorf("strata: %w", err)
		}
	}
	vals, _ := ind.Measure.compute(in)
	in.release()
	return vals, nil, nil
}

// cachedRecords reads the records of a measure computed in Go, once per
// statement, window and minimum.
func cachedRecords(ctx context.Context, q querier, cache map[string]*recordSet, ind *Indicator, in *ruleInput,
	records string, params ruleParams) (*recordSet, error) {
	key := fmt.Sprintf("%s/%d/%d", ind.SQL, in.months, in.min)
	if rs := cache[key]; rs != nil {
		return rs, nil
	}
	args, err := params.args(records)
	if err != nil {
		return nil, err
	}
	rs, err := readRecords(ctx, q, records, args)
	if err != nil {
		return nil, err
	}
	cache[key] = rs
	return rs, nil
}

// release drops what only the computation needed: the values keep their
// input until their reasons are rendered (lazyReason), but not its records.
func (in *ruleInput) release() { in.recs, in.strata, in.prior = nil, nil, nil }

// storeGoFlags stores what a measure computed in Go chose: its flags, the
// records its flags statement returns for the units it named, and the
// clusters of a scan.
func storeGoFlags(ctx context.Context, q querier, in *ruleInput, flagsStmt string, params ruleParams, flags []Flag) error {
	if err := appendFlags(q, in.ind, flags); err != nil {
		return err
	}
	if err := flagUnitRecords(ctx, q, in.ind, flagsStmt, params, in.unitFlags); err != nil {
		return err
	}
	return appendClusters(q, in.clusters)
}

// expandRecords fills the placeholders a records statement may hold:
// {{cents}}, the column amount (a DECIMAL in yuan) in fen, and
// {{first_two_digits}}, the first two digits of the column cents
// (benford.SQLCents and SQLDigitsOfCents, which agree with SQLDigits'
// reading of the printed amount).
func expandRecords(stmt string) string {
	return strings.NewReplacer("{{cents}}", benford.SQLCents(`"amount"`),
		"{{first_two_digits}}", benford.SQLDigitsOfCents(benford.FirstTwo, `"cents"`)).Replace(stmt)
}

// flagColumns are the columns every records statement of a measure that
// does not read records in Go returns; they are what a flag stores.
const flagColumns = `unit_id, record_id, record_on, amount, figures, reason_zh, reason_en, batch_id, source_row`

// flagRecords runs a records statement into the temp table rule_flags,
// copies its records into run_flags, and reads per unit their number
// (observed), the sum of their amounts (at_stake) and the units
// statement's figures.
func flagRecords(ctx context.Context, q querier, sc *scope, ind *Indicator, records, units string,
	params ruleParams, fig map[string][]float64) error {
	args, err := params.args(records)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE rule_flags AS "+records, args...); err != nil {
		return fmt.Errorf("records: %w", err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO run_flags
SELECT unit_id, $rule, $ledger, record_id::VARCHAR, record_on::DATE, amount::DOUBLE, figures::VARCHAR,
       reason_zh, reason_en, batch_id, source_row
FROM (SELECT `+flagColumns+` FROM rule_flags)`, sql.Named("rule", ind.ID), sql.Named("ledger", ind.Ledger)); err != nil {
		return fmt.Errorf("flags: %w", err)
	}
	fig["observed"] = make([]float64, len(sc.Units))
	fig["at_stake"] = make([]float64, len(sc.Units))
	if err := sc.readFigures(ctx, q, `SELECT unit_id, count(*) AS observed, coalesce(sum(amount), 0) AS at_stake
FROM rule_flags GROUP BY unit_id`, nil, fig); err != nil {
		return fmt.Errorf("counts: %w", err)
	}
	if units == "" {
		return nil
	}
	uargs, err := params.args(units)
	if err != nil {
		return err
	}
	if err := sc.readFigures(ctx, q, units, uargs, fig); err != nil {
		return fmt.Errorf("units: %w", err)
	}
	return nil
}
