package risk

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/BurntSushi/toml"
)

// RunInfo is what a run records so that it can be reproduced: its as-of
// date, configuration, code version and the ingest batches it read.
type RunInfo struct {
	ID        string
	AsOf      time.Time
	CreatedAt time.Time
	Version   string
	Config    string // TOML, as WriteTOML printed it
	Batches   []int64
}

// BatchInfo is one ingest batch: a file (or worksheet) loaded.
type BatchInfo struct {
	ID           int64
	Ledger, File string
	Sheet        string
	Rows         int64
	LoadedAt     time.Time
}

// ConfigChange is one configuration key whose value differs between runs
// ("" where a run has no such key).
type ConfigChange struct{ Key, A, B string }

// ContributionChange is one indicator of one unit that differs between
// the runs: its value, observed figure and contribution in each (NaN when
// it abstained or was not computed), and why it abstained.
type ContributionChange struct {
	Indicator            string
	ValueA, ValueB       float64
	ObservedA, ObservedB float64
	A, B                 float64 // contributions; 0 where abstaining
	AbstainA, AbstainB   string
}

// Delta is the change of the contribution.
func (c ContributionChange) Delta() float64 { return c.B - c.A }

// FlagChange counts the records of one rule that one run flags for a unit
// and the other does not, by the batch (file) they came from, with the
// first and last of their dates (zero when they have none). NewData says
// that only the second run read the batch: new data, not a moved window.
type FlagChange struct {
	Rule, Ledger, File string
	Batch              int64
	Added, Removed     int
	First, Last        time.Time
	NewData            bool
}

// UnitMove is one unit whose rank or band moved, with what moved it.
type UnitMove struct {
	UnitID, Name, Level    string
	District, DistrictName string
	Township, TownshipName string
	// RankA, RankB are 0 where the unit was not scored in the run.
	RankA, RankB           int
	BandA, BandB           string
	ScoreA, ScoreB         float64
	CompositeA, CompositeB float64
	// Contributions are its indicators that changed, the largest change
	// of contribution first; their changes add up to the composite's.
	Contributions []ContributionChange
	// Flags are the records behind its indicators that changed.
	Flags []FlagChange
	// Passed counts, when its own composite did not move, the units that
	// moved past it (up if its rank fell, down if it rose).
	Passed int
}

// BandChanged reports whether the unit changed band.
func (m UnitMove) BandChanged() bool { return m.BandA != m.BandB }

// RunDiff is what changed between two runs and why.
type RunDiff struct {
	A, B RunInfo
	// Config lists the configuration keys that differ.
	Config []ConfigChange
	// Added and Removed are the batches one run read and the other did
	// not (new ledgers, or files replaced).
	Added, Removed []BatchInfo
	// Units lists the units whose band changed, then those whose rank
	// moved by at least the threshold, most moved first.
	Units []UnitMove
	// Scored counts the units scored in both runs; RankMoved those whose
	// rank changed at all, BandMoved those whose band changed.
	Scored, RankMoved, BandMoved int
}

// Same reports whether the runs agree on every unit's rank and band.
func (d *RunDiff) Same() bool { return d.RankMoved == 0 && d.BandMoved == 0 }

// DiffRuns compares run b with run a: the units whose band changed or
// whose rank moved by at least minRank places (0: any move), each
// explained by the contributions of its indicators that changed (their
// changes add up to the change of its composite) and the records behind
// them that one run flags and the other does not (by source file); and
// the configuration keys and ingest batches that differ between the runs.
func DiffRuns(ctx context.Context, db Queryer, a, b string, minRank int) (*RunDiff, error) {
	d := &RunDiff{}
	var err error
	if d.A, err = readRunInfo(ctx, db, a); err != nil {
		return nil, err
	}
	if d.B, err = readRunInfo(ctx, db, b); err != nil {
		return nil, err
	}
	if d.Config, err = diffConfig(d.A.Config, d.B.Config); err != nil {
		return nil, err
	}
	if err := d.diffBatches(ctx, db); err != nil {
		return nil, err
	}
	moves, err := d.readUnits(ctx, db, minRank)
	if err != nil {
		return nil, err
	}
	if err := d.explain(ctx, db, moves); err != nil {
		return nil, err
	}
	return d, nil
}

// ErrNoRunInfo reports a run id that names no run.
var ErrNoRunInfo = errors.New("no such run")

func readRunInfo(ctx context.Context, db Queryer, id string) (RunInfo, error) {
	var r RunInfo
	var batches string
	err := db.QueryRowContext(ctx, sqlText("diff_run"), sql.Named("run_id", id)).
		Scan(&r.ID, &r.AsOf, &r.CreatedAt, &r.Version, &r.Config, &batches)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("run %q: %w", id, ErrNoRunInfo)
	}
	if err != nil {
		return r, fmt.Errorf("run %s: %w", id, err)
	}
	if err := json.Unmarshal([]byte(batches), &r.Batches); err != nil {
		return r, fmt.Errorf("run %s: batches: %w", id, err)
	}
	return r, nil
}

// diffConfig compares two stored configurations key by key.
func diffConfig(a, b string) ([]ConfigChange, error) {
	fa, err := flatConfig(a)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	fb, err := flatConfig(b)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	keys := map[string]bool{}
	for k := range fa {
		keys[k] = true
	}
	for k := range fb {
		keys[k] = true
	}
	var out []ConfigChange
	for k := range keys {
		if fa[k] != fb[k] {
			out = append(out, ConfigChange{Key: k, A: fa[k], B: fb[k]})
		}
	}
	slices.SortFunc(out, func(x, y ConfigChange) int { return cmp.Compare(x.Key, y.Key) })
	return out, nil
}

// flatConfig reads TOML into "section.key" → value as TOML would print it.
func flatConfig(text string) (map[string]string, error) {
	var m map[string]any
	if _, err := toml.Decode(text, &m); err != nil {
		return nil, err
	}
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		if sub, ok := v.(map[string]any); ok {
			for k, x := range sub {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				walk(key, x)
			}
			return
		}
		b, _ := json.Marshal(v)
		out[prefix] = string(b)
	}
	walk("", m)
	return out, nil
}

// diffBatches finds the batches one run read and the other did not.
func (d *RunDiff) diffBatches(ctx context.Context, db Queryer) error {
	all := map[int64]BatchInfo{}
	err := eachRow(ctx, db, sqlText("diff_batches"), func(rows *sql.Rows) error {
		var b BatchInfo
		if err := rows.Scan(&b.ID, &b.Ledger, &b.File, &b.Sheet, &b.Rows, &b.LoadedAt); err != nil {
			return err
		}
		all[b.ID] = b
		return nil
	})
	if err != nil {
		return fmt.Errorf("batches: %w", err)
	}
	diff := func(x, y []int64) []BatchInfo {
		var out []BatchInfo
		for _, id := range x {
			if !slices.Contains(y, id) {
				b, ok := all[id]
				if !ok {
					b = BatchInfo{ID: id, File: "(batch no longer recorded)"}
				}
				out = append(out, b)
			}
		}
		return out
	}
	d.Added, d.Removed = diff(d.B.Batches, d.A.Batches), diff(d.A.Batches, d.B.Batches)
	return nil
}

// readUnits reads both runs' scores and keeps the units that moved.
func (d *RunDiff) readUnits(ctx context.Context, db Queryer, minRank int) (map[string]*UnitMove, error) {
	var all []UnitMove
	err := eachRow(ctx, db, sqlText("diff_units"), func(rows *sql.Rows) error {
		var m UnitMove
		var ra, rb sql.NullInt64
		var ba, bb sql.NullString
		var sa, sb, ca, cb sql.NullFloat64
		if err := rows.Scan(&m.UnitID, &m.Name, &m.Level, &m.District, &m.DistrictName, &m.Township, &m.TownshipName,
			&ra, &rb, &ba, &bb, &sa, &sb, &ca, &cb); err != nil {
			return err
		}
		m.RankA, m.RankB, m.BandA, m.BandB = int(ra.Int64), int(rb.Int64), ba.String, bb.String
		m.ScoreA, m.ScoreB = orNaN(sa), orNaN(sb)
		m.CompositeA, m.CompositeB = orNaN(ca), orNaN(cb)
		all = append(all, m)
		return nil
	}, sql.Named("a", d.A.ID), sql.Named("b", d.B.ID))
	if err != nil {
		return nil, fmt.Errorf("diff scores: %w", err)
	}
	for _, m := range all {
		if m.RankA > 0 && m.RankB > 0 {
			d.Scored++
		}
		if m.RankA != m.RankB {
			d.RankMoved++
		}
		if m.BandChanged() {
			d.BandMoved++
		}
		if m.BandChanged() || (m.RankA != m.RankB && abs(m.RankA-m.RankB) >= max(1, minRank)) {
			d.Units = append(d.Units, m)
		}
	}
	sort.SliceStable(d.Units, func(i, j int) bool {
		x, y := d.Units[i], d.Units[j]
		if x.BandChanged() != y.BandChanged() {
			return x.BandChanged()
		}
		return abs(x.RankA-x.RankB) > abs(y.RankA-y.RankB)
	})
	byID := map[string]*UnitMove{}
	for i := range d.Units {
		byID[d.Units[i].UnitID] = &d.Units[i]
	}
	// A unit whose composite did not move was passed by others: count the
	// units that crossed it.
	for i := range d.Units {
		m := &d.Units[i]
		if m.RankA == 0 || m.RankB == 0 || math.Abs(m.CompositeB-m.CompositeA) > 1e-12 {
			continue
		}
		for _, o := range all {
			if o.RankA == 0 || o.RankB == 0 || o.UnitID == m.UnitID {
				continue
			}
			if (o.RankA > m.RankA) != (o.RankB > m.RankB) {
				m.Passed++
			}
		}
	}
	return byID, nil
}

// explain attaches to each moved unit its changed contributions and flags.
func (d *RunDiff) explain(ctx context.Context, db Queryer, moves map[string]*UnitMove) error {
	err := eachRow(ctx, db, sqlText("diff_indicators"), func(rows *sql.Rows) error {
		var unit, ind string
		var va, vb, oa, ob, ca, cb sql.NullFloat64
		var aa, ab sql.NullString
		if err := rows.Scan(&unit, &ind, &va, &vb, &oa, &ob, &ca, &cb, &aa, &ab); err != nil {
			return err
		}
		m := moves[unit]
		if m == nil {
			return nil
		}
		m.Contributions = append(m.Contributions, ContributionChange{Indicator: ind, ValueA: orNaN(va), ValueB: orNaN(vb),
			ObservedA: orNaN(oa), ObservedB: orNaN(ob), A: ca.Float64, B: cb.Float64, AbstainA: aa.String, AbstainB: ab.String})
		return nil
	}, sql.Named("a", d.A.ID), sql.Named("b", d.B.ID))
	if err != nil {
		return fmt.Errorf("diff indicators: %w", err)
	}
	added := map[int64]bool{}
	for _, bt := range d.Added {
		added[bt.ID] = true
	}
	err = eachRow(ctx, db, sqlText("diff_flags"), func(rows *sql.Rows) error {
		var unit string
		var f FlagChange
		var first, last sql.NullTime
		if err := rows.Scan(&unit, &f.Rule, &f.Batch, &f.File, &f.Ledger, &f.Added, &f.Removed, &first, &last); err != nil {
			return err
		}
		f.First, f.Last, f.NewData = first.Time, last.Time, added[f.Batch]
		if m := moves[unit]; m != nil {
			m.Flags = append(m.Flags, f)
		}
		return nil
	}, sql.Named("a", d.A.ID), sql.Named("b", d.B.ID))
	if err != nil {
		return fmt.Errorf("diff flags: %w", err)
	}
	for _, m := range moves {
		slices.SortStableFunc(m.Contributions, func(x, y ContributionChange) int {
			return cmp.Compare(math.Abs(y.Delta()), math.Abs(x.Delta()))
		})
	}
	return nil
}

func orNaN(x sql.NullFloat64) float64 {
	if !x.Valid {
		return math.NaN()
	}
	return x.Float64
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
