package dashboards

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/risk"
	"github.com/microrisk/microrisk/risk/benford"
)

// Data files of the report folder. The index of scored units serves the
// planner's search and every unit page; each district's file holds the
// details of its units, read by the unit page (unit.html#<unit id>) with a
// script element, which works from file:// where fetch does not.
const (
	indexFile   = "data/units.js"
	districtDir = "data/d"
	// noDistrict names the file of units outside any district.
	noDistrict = "none"
	// flagsPerRule caps the flags of one rule shown on a unit's page (the
	// largest amounts at stake first); the page says when it is reached,
	// and `microrisk export --what flags` has them all.
	flagsPerRule = 300
	// timelineYears is how far back a unit's timeline reaches.
	timelineYears = 5
)

// unitRecord is one unit of the units ledger.
type unitRecord struct {
	ID, Name, Level, Parent, Kind string
	Population, Staff             *float64
}

// indexUnit is one scored unit in data/units.js (short keys: 6,000 to
// 50,000 of them; microrisk.js documents them).
type indexUnit struct {
	ID           string           `json:"i"`
	Name         string           `json:"n"`
	Level        string           `json:"l"`
	Kind         string           `json:"k"`
	District     string           `json:"d"`
	DistrictName string           `json:"dn"`
	Township     string           `json:"t"`
	TownshipName string           `json:"tn"`
	Score        float64          `json:"s"`
	Rank         int              `json:"r"`
	Band         string           `json:"b"`
	Composite    *float64         `json:"c"`
	Families     []*float64       `json:"f"`
	Flags        int64            `json:"x"`
	FlagsByRule  map[string]int64 `json:"g"`
	TopReason    string           `json:"w"`

	reasons []string
}

// ruleInfo describes an indicator for the pages.
type ruleInfo struct {
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	About  string  `json:"about"`
	Family string  `json:"family"`
	Weight float64 `json:"weight"`
	Counts bool    `json:"counts"`
}

// indexMeta is what the pages need to explain a score.
type indexMeta struct {
	Scored        int     `json:"scored"`
	HighShare     float64 `json:"highShare"`
	ElevatedShare float64 `json:"elevatedShare"`
	ClipLow       float64 `json:"clipLow"`
	ClipHigh      float64 `json:"clipHigh"`
	BenfordMin    int     `json:"benfordMin"`
}

// unitIndexData is data/units.js.
type unitIndexData struct {
	Run       string            `json:"run"`
	AsOf      string            `json:"asOf"`
	Families  []string          `json:"families"`
	Rules     []ruleInfo        `json:"rules"`
	Districts map[string]string `json:"districts"`
	// Files names each district's data file under data/d ("" for units
	// outside any district).
	Files  map[string]string `json:"files"`
	Levels []string          `json:"levels"`
	Meta   indexMeta         `json:"meta"`
	Units  []*indexUnit      `json:"units"`
}

// unitDetail is one unit in its district's file (see unit.js).
type unitDetail struct {
	ID         string           `json:"id"`
	Name       string           `json:"name"`
	Level      string           `json:"level"`
	Kind       string           `json:"kind"`
	Population *float64         `json:"population"`
	Staff      *float64         `json:"staff"`
	Path       [][3]string      `json:"path"`
	Score      float64          `json:"score"`
	Rank       int              `json:"rank"`
	Band       string           `json:"band"`
	Composite  *float64         `json:"composite"`
	Reasons    []string         `json:"reasons"`
	Families   [][3]any         `json:"fam"`
	Indicators [][9]any         `json:"ind"`
	Flags      [][7]any         `json:"flags"`
	FlagTotals map[string]int64 `json:"flagTotals"`
	Events     [][4]string      `json:"events"`
	History    [][5]any         `json:"hist"`
	Benford    [][2]int64       `json:"benford"`
	Leases     [][5]any         `json:"leases"`
	// Empty is true when the unit has no record at all: no indicator with
	// a value, no flag and no event.
	Empty bool `json:"empty"`
	// Plan is its place in the run's plan (unitdata_plan.go); nil when
	// the run has no plan.
	Plan *unitPlan `json:"plan"`
}

// unitData is everything the index and the district files are made of.
type unitData struct {
	index     unitIndexData
	units     map[string]unitRecord
	details   map[string]*unitDetail
	districts map[string][]string // district id → its scored units, by rank
	cfg       risk.Config         // the run's
}

// loadUnitData reads the run's scored units and what the index and the
// pages show of each: its score, families, flag counts and place in the
// plan. What only its own page shows (indicators, flags, events, history,
// digits, leases) is read district by district as the district files are
// written (districtFiles). Each part is one named query; rows are
// grouped by unit in Go.
func loadUnitData(ctx context.Context, q querier, tr translator, run runInfo) (*unitData, error) {
	cfg, err := risk.DecodeStoredConfig(run.Config)
	if err != nil {
		return nil, fmt.Errorf("run %s: stored config: %w", run.ID, err)
	}
	d := &unitData{details: map[string]*unitDetail{}, districts: map[string][]string{}, cfg: cfg}
	if d.units, err = loadAllUnits(ctx, q); err != nil {
		return nil, err
	}
	d.index = newIndexData(tr, run, cfg)
	steps := []func(context.Context, querier, translator, runInfo, risk.Config) error{
		d.loadIndex, d.loadFlagCounts, d.loadFamilies, d.loadPlan,
	}
	for _, step := range steps {
		if err := step(ctx, q, tr, run, cfg); err != nil {
			return nil, err
		}
	}
	d.index.Meta.Scored = len(d.index.Units)
	return d, nil
}

func anyValue(ind [][9]any) bool {
	for _, r := range ind {
		if r[2] != nil {
			return true
		}
	}
	return false
}

func newIndexData(tr translator, run runInfo, cfg risk.Config) unitIndexData {
	x := unitIndexData{Run: run.ID, AsOf: run.AsOf.Format("2006-01-02"), Families: risk.Families,
		Districts: map[string]string{}, Files: map[string]string{}, Levels: model.ScoredLevels,
		Meta: indexMeta{HighShare: cfg.Composite.HighShare, ElevatedShare: cfg.Composite.ElevatedShare,
			ClipLow: cfg.Composite.ClipLow, ClipHigh: cfg.Composite.ClipHigh, BenfordMin: cfg.Minimums.BenfordPayments}}
	for _, ind := range risk.Catalogue {
		x.Rules = append(x.Rules, ruleInfo{ID: ind.ID, Title: tr.pick(ind.TitleZh, ind.TitleEn), About: tr.pick(ind.AboutZh, ind.AboutEn),
			Family: ind.Family, Weight: cfg.Weight(ind.ID), Counts: ind.Counts})
	}
	return x
}

func loadAllUnits(ctx context.Context, q querier) (map[string]unitRecord, error) {
	out := map[string]unitRecord{}
	err := q.each(ctx, qUnitsAll, nil, func(r *sql.Rows) error {
		var u unitRecord
		if err := r.Scan(&u.ID, &u.Name, &u.Level, &u.Parent, &u.Kind, &u.Population, &u.Staff); err != nil {
			return err
		}
		out[u.ID] = u
		return nil
	})
	return out, err
}

// path returns the unit's ancestors from the top down, the unit last.
func (d *unitData) path(id string) [][3]string {
	var out [][3]string
	seen := map[string]bool{}
	for id != "" && !seen[id] && len(out) < 12 {
		seen[id] = true
		u, ok := d.units[id]
		if !ok {
			break
		}
		out = append(out, [3]string{u.ID, u.Name, u.Level})
		id = u.Parent
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func (d *unitData) name(id string) string {
	if u, ok := d.units[id]; ok {
		return u.Name
	}
	return ""
}

func (d *unitData) loadIndex(ctx context.Context, q querier, tr translator, run runInfo, _ risk.Config) error {
	return q.each(ctx, qUnitIndex, []any{run.ID}, func(r *sql.Rows) error {
		var x indexUnit
		var zh, en string
		if err := r.Scan(&x.ID, &x.District, &x.Township, &x.Score, &x.Rank, &x.Band, &x.Composite, &zh, &en); err != nil {
			return err
		}
		u := d.units[x.ID]
		x.Name, x.Level, x.Kind = orID(u.Name, x.ID), u.Level, u.Kind
		x.DistrictName, x.TownshipName = d.name(x.District), d.name(x.Township)
		if x.Township == x.ID {
			x.Township, x.TownshipName = "", ""
		}
		x.reasons = splitReasons(tr.pick(zh, en))
		if len(x.reasons) > 0 {
			x.TopReason = x.reasons[0]
		}
		x.Families = make([]*float64, len(risk.Families))
		x.FlagsByRule = map[string]int64{}
		d.index.Units = append(d.index.Units, &x)
		if x.District != "" {
			d.index.Districts[x.District] = x.DistrictName
		}
		d.districts[x.District] = append(d.districts[x.District], x.ID)
		d.index.Files[x.District] = districtFile(x.District)
		d.details[x.ID] = &unitDetail{ID: x.ID, Name: x.Name, Level: x.Level, Kind: x.Kind, Population: u.Population,
			Staff: u.Staff, Path: d.path(x.ID), Score: x.Score, Rank: x.Rank, Band: x.Band, Composite: x.Composite,
			Reasons: x.reasons, FlagTotals: map[string]int64{}, Families: [][3]any{}, Indicators: [][9]any{},
			Flags: [][7]any{}, Events: [][4]string{}, History: [][5]any{}, Leases: [][5]any{}}
		return nil
	})
}

func orID(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// byID returns the index row and the detail of a scored unit, or nil.
func (d *unitData) byID(id string) *unitDetail { return d.details[id] }

func (d *unitData) loadFlagCounts(ctx context.Context, q querier, _ translator, run runInfo, _ risk.Config) error {
	rows := map[string]*indexUnit{}
	for _, u := range d.index.Units {
		rows[u.ID] = u
	}
	return q.each(ctx, qUnitFlagCounts, []any{run.ID}, func(r *sql.Rows) error {
		var unit, rule string
		var n int64
		if err := r.Scan(&unit, &rule, &n); err != nil {
			return err
		}
		if x, ok := rows[unit]; ok {
			x.FlagsByRule[rule] = n
			x.Flags += n
			d.details[unit].FlagTotals[rule] = n
		}
		return nil
	})
}

func (d *unitData) loadFamilies(ctx context.Context, q querier, _ translator, run runInfo, _ risk.Config) error {
	rows := map[string]*indexUnit{}
	for _, u := range d.index.Units {
		rows[u.ID] = u
	}
	fam := map[string]int{}
	for i, f := range risk.Families {
		fam[f] = i
	}
	err := q.each(ctx, qUnitFamilies, []any{run.ID}, func(r *sql.Rows) error {
		var unit, family string
		var comp, score *float64
		if err := r.Scan(&unit, &family, &comp, &score); err != nil {
			return err
		}
		x, ok := rows[unit]
		i, known := fam[family]
		if !ok || !known {
			return nil
		}
		x.Families[i] = round1(score)
		d.details[unit].Families = append(d.details[unit].Families, [3]any{family, round3(comp), round1(score)})
		return nil
	})
	for _, u := range d.details {
		sort.SliceStable(u.Families, func(a, b int) bool { return fam[u.Families[a][0].(string)] < fam[u.Families[b][0].(string)] })
	}
	return err
}

func (d *unitData) loadIndicators(ctx context.Context, q querier, tr translator, run runInfo, _ risk.Config) error {
	ids := make([]string, len(risk.Catalogue))
	for k, ind := range risk.Catalogue {
		ids[k] = ind.ID
	}
	return q.each(ctx, qUnitIndicators, []any{run.ID, ids}, func(r *sql.Rows) error {
		var unit, id string
		var value, obs, exp, std, contrib, stake *float64
		var abst *string
		if err := r.Scan(&unit, &id, &value, &obs, &exp, &std, &contrib, &abst, &stake); err != nil {
			return err
		}
		u := d.byID(unit)
		if u == nil {
			return nil
		}
		var why any
		if abst != nil {
			why = tr.abstention(*abst)
		}
		u.Indicators = append(u.Indicators, [9]any{id, round3(value), round3(obs), round3(exp), round3(std), round3(contrib), why, round3(stake), nil})
		return nil
	})
}

func (d *unitData) loadFlags(ctx context.Context, q querier, tr translator, run runInfo, _ risk.Config) error {
	return q.each(ctx, qUnitFlags, []any{run.ID, flagsPerRule, tr.lang}, func(r *sql.Rows) error {
		var unit, rule, ledger, id, reason string
		var on *time.Time
		var amount *float64
		var figures *string
		if err := r.Scan(&unit, &rule, &ledger, &id, &on, &amount, &reason, &figures); err != nil {
			return err
		}
		u := d.byID(unit)
		if u == nil {
			return nil
		}
		u.Flags = append(u.Flags, [7]any{rule, ledger, id, dateOf(on), round2(amount), reason, figuresText(figures)})
		return nil
	})
}

// figuresText writes a flag's figures (JSON) as "key: value; …".
func figuresText(s *string) string {
	if s == nil {
		return ""
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(*s), &m); err != nil {
		return *s
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		if m[k] == nil {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %v", k, m[k]))
	}
	return strings.Join(parts, "; ")
}

func dateOf(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.Format("2006-01-02")
}

func (d *unitData) loadEvents(ctx context.Context, q querier, tr translator, run runInfo, _ risk.Config) error {
	from := run.AsOf.AddDate(-timelineYears, 0, 0)
	return q.each(ctx, qUnitEvents, []any{run.ID, from, run.AsOf}, func(r *sql.Rows) error {
		var unit, kind, id string
		var on time.Time
		var a, b *string
		var n *int64
		if err := r.Scan(&unit, &on, &kind, &id, &a, &b, &n); err != nil {
			return err
		}
		u := d.byID(unit)
		if u == nil {
			return nil
		}
		u.Events = append(u.Events, [4]string{on.Format("2006-01-02"), kind, id, tr.eventText(kind, deref(a), deref(b), n)})
		return nil
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (d *unitData) loadHistory(ctx context.Context, q querier, _ translator, run runInfo, _ risk.Config) error {
	return q.each(ctx, qUnitHistory, []any{run.ID}, func(r *sql.Rows) error {
		var unit, id, band string
		var asOf time.Time
		var score float64
		var rank int
		if err := r.Scan(&unit, &id, &asOf, &score, &rank, &band); err != nil {
			return err
		}
		if u := d.byID(unit); u != nil {
			s := math.Round(score*10) / 10
			u.History = append(u.History, [5]any{id, asOf.Format("2006-01-02"), s, rank, band})
		}
		return nil
	})
}

func (d *unitData) loadBenford(ctx context.Context, q querier, _ translator, _ runInfo, cfg risk.Config) error {
	return q.each(ctx, qUnitBenford, []any{cfg.Minimums.BenfordPayments}, func(r *sql.Rows) error {
		var unit string
		var digits, n int64
		if err := r.Scan(&unit, &digits, &n); err != nil {
			return err
		}
		if u := d.byID(unit); u != nil {
			u.Benford = append(u.Benford, [2]int64{digits, n})
		}
		return nil
	})
}

// writeDigits builds the report's temp table of payment digit counts
// (query report_digits).
func writeDigits(ctx context.Context, q querier, run runInfo) error {
	cfg, err := risk.DecodeStoredConfig(run.Config)
	if err != nil {
		return fmt.Errorf("run %s: stored config: %w", run.ID, err)
	}
	text, err := querySQL(qReportDigits)
	if err != nil {
		return err
	}
	text = strings.NewReplacer("{{cents}}", benford.SQLCents(`"amount"`),
		"{{digits}}", benford.SQLDigitsOfCents(benford.FirstTwo, `"cents"`)).Replace(text)
	if _, err := q.db.ExecContext(ctx, text, run.ID, run.AsOf, cfg.Windows.PaymentsMonths); err != nil {
		return fmt.Errorf("query %s: %w", qReportDigits, err)
	}
	return nil
}

func (d *unitData) loadLeases(ctx context.Context, q querier, _ translator, run runInfo, cfg risk.Config) error {
	return q.each(ctx, qUnitLeases, []any{run.ID, run.AsOf, cfg.Windows.AssetsMonths, cfg.Assets.LeaseAmount == risk.LeaseTotal},
		func(r *sql.Rows) error {
			var unit, id string
			var on time.Time
			var area, price, median float64
			if err := r.Scan(&unit, &id, &on, &area, &price, &median); err != nil {
				return err
			}
			if u := d.byID(unit); u != nil {
				u.Leases = append(u.Leases, [5]any{id, on.Format("2006-01-02"), roundTo(area, 1), roundTo(price, 1), roundTo(median, 1)})
			}
			return nil
		})
}

func round1(x *float64) *float64 { return roundPtr(x, 1) }
func round2(x *float64) *float64 { return roundPtr(x, 2) }
func round3(x *float64) *float64 { return roundPtr(x, 3) }

func roundPtr(x *float64, prec int) *float64 {
	if x == nil || math.IsNaN(*x) || math.IsInf(*x, 0) {
		return nil
	}
	v := roundTo(*x, prec)
	return &v
}

// batchUnits is about the most units whose page details are held in
// memory at once (whole districts: a batch may pass it by one district):
// a province's 52,000 units at once took 3 GB.
const batchUnits = 8000

// dataFiles renders data/units.js and the district files: each a call of
// microrisk.put with its JSON. The district files are made a batch of
// districts at a time: their units' page details are read (the temp table
// report_batch names the units for the detail queries), written, and
// dropped before the next batch.
func (d *unitData) dataFiles(ctx context.Context, q querier, tr translator, run runInfo) (map[string][]byte, error) {
	out := map[string][]byte{}
	b, err := putScript("units", d.index)
	if err != nil {
		return nil, err
	}
	out[indexFile] = b
	if _, err := q.db.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE report_batch (unit_id VARCHAR NOT NULL)`); err != nil {
		return nil, fmt.Errorf("report batch: %w", err)
	}
	for _, batch := range d.batches() {
		if err := d.loadDetails(ctx, q, tr, run, batch); err != nil {
			return nil, err
		}
		for _, district := range batch {
			ids := d.districts[district]
			units := make(map[string]*unitDetail, len(ids))
			for _, id := range ids {
				u := d.details[id]
				u.Empty = len(u.Flags) == 0 && len(u.Events) == 0 && !anyValue(u.Indicators)
				units[id] = u
			}
			b, err := putScript("d:"+district, map[string]any{"units": units})
			if err != nil {
				return nil, err
			}
			out[districtDir+"/"+districtFile(district)] = b
			for _, u := range units {
				u.dropDetails()
			}
		}
	}
	return out, nil
}

// batches groups the districts, in id order, into batches of about
// batchUnits units.
func (d *unitData) batches() [][]string {
	districts := make([]string, 0, len(d.districts))
	for k := range d.districts {
		districts = append(districts, k)
	}
	sort.Strings(districts)
	var out [][]string
	var cur []string
	n := 0
	for _, k := range districts {
		cur = append(cur, k)
		if n += len(d.districts[k]); n >= batchUnits {
			out, cur, n = append(out, cur), nil, 0
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// loadDetails reads the page details of the units of the districts.
func (d *unitData) loadDetails(ctx context.Context, q querier, tr translator, run runInfo, districts []string) error {
	var ids []string
	for _, k := range districts {
		ids = append(ids, d.districts[k]...)
	}
	if _, err := q.db.ExecContext(ctx, `DELETE FROM report_batch`); err != nil {
		return fmt.Errorf("report batch: %w", err)
	}
	if _, err := q.db.ExecContext(ctx, `INSERT INTO report_batch SELECT unnest($1::VARCHAR[])`, ids); err != nil {
		return fmt.Errorf("report batch: %w", err)
	}
	steps := []func(context.Context, querier, translator, runInfo, risk.Config) error{
		d.loadIndicators, d.loadFlags, d.loadEvents, d.loadHistory, d.loadBenford, d.loadLeases,
	}
	for _, step := range steps {
		if err := step(ctx, q, tr, run, d.cfg); err != nil {
			return err
		}
	}
	return nil
}

// dropDetails lets go of what only the unit's district file holds.
func (u *unitDetail) dropDetails() {
	u.Indicators, u.Flags, u.Events, u.History, u.Benford, u.Leases = nil, nil, nil, nil, nil, nil
}

// putScript writes a data file: microrisk.put("name", <json>); built in
// one buffer (a province's district files are tens of megabytes).
func putScript(name string, v any) ([]byte, error) {
	n, _ := json.Marshal(name)
	var b bytes.Buffer
	b.WriteString("microrisk.put(")
	b.Write(n)
	b.WriteString(", ")
	enc := json.NewEncoder(&b)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("data %s: %w", name, err)
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	b.WriteString(");\n")
	return b.Bytes(), nil
}

// districtFile names a district's data file: its id where it is letters,
// digits, '-' and '_', anything else written as '_' and its hex code, so
// that no id can name a path outside data/d; units outside any district
// share "none.js".
func districtFile(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "_%x", r)
		}
	}
	if b.Len() == 0 {
		return noDistrict + ".js"
	}
	return b.String() + ".js"
}
