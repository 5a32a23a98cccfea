package risk

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// Options are the inputs of a scoring run.
type Options struct {
	// AsOf is the date the run scores at; every window ends on it,
	// inclusive, and nothing dated after it is read.
	AsOf   time.Time
	Config Config
	// Now is the clock for the run's created_at (cmd passes time.Now).
	Now func() time.Time
	// Version is the code version recorded with the run; empty means
	// CodeVersion().
	Version string
}

// Result is what a scoring computes, before it is stored.
type Result struct {
	AsOf  time.Time
	Units []UnitScore // in unit id order
	// Seconds is the wall time each step took: "scope", then each
	// indicator by id, in the order computed.
	Seconds []StepTime
}

// StepTime is the wall time of one step of a scoring.
type StepTime struct {
	Step    string
	Seconds float64
}

// Run is a stored scoring run.
type Run struct {
	ID        string
	CreatedAt time.Time
	Version   string
	Batches   []int64
	Result
}

// ByRank returns the units riskiest first.
func (r *Result) ByRank() []UnitScore {
	out := append([]UnitScore(nil), r.Units...)
	sort.Slice(out, func(a, b int) bool { return out[a].Rank < out[b].Rank })
	return out
}

// Bands counts the units in each band.
func (r *Result) Bands() map[string]int {
	m := map[string]int{}
	for _, u := range r.Units {
		m[u.Band]++
	}
	return m
}

// Compute scores every unit of level township, village and station at
// asOf without storing anything.
func Compute(ctx context.Context, db *sql.DB, asOf time.Time, cfg Config) (*Result, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return compute(ctx, conn, asOf, cfg)
}

func compute(ctx context.Context, q querier, asOf time.Time, cfg Config) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	asOf = day(asOf)
	start := time.Now()
	sc, err := loadScope(ctx, q, asOf, cfg)
	if err != nil {
		return nil, err
	}
	if len(sc.Units) == 0 {
		return nil, ErrNoUnits
	}
	times := []StepTime{{"scope", time.Since(start).Seconds()}}
	values, err := evaluate(ctx, q, sc, cfg, asOf, &times)
	if err != nil {
		return nil, err
	}
	return &Result{AsOf: asOf, Units: combine(sc.Units, values, liveIndicators(sc, values), cfg), Seconds: times}, nil
}

// ErrNoUnits reports a units ledger with no unit of a scored level.
var ErrNoUnits = errors.New("no township, village or station in the units ledger: ingest the units first")

func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Score computes the scores at opt.AsOf and stores them as a new run: one
// row in runs, the indicators of every unit, its score, rank, band and
// reasons, all in one transaction.
func Score(ctx context.Context, db *sql.DB, opt Options) (*Run, error) {
	if opt.Now == nil {
		return nil, errors.New("risk: Options.Now is nil")
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
	run := &Run{Result: *res, CreatedAt: opt.Now().UTC(), Version: opt.Version}
	if run.Version == "" {
		run.Version = CodeVersion()
	}
	if run.Batches, err = readBatches(ctx, conn); err != nil {
		return nil, err
	}
	var cfgText bytes.Buffer
	if err := WriteTOML(&cfgText, opt.Config); err != nil {
		return nil, err
	}
	batches, _ := json.Marshal(run.Batches)
	err = inTx(ctx, conn, func() error {
		if run.ID, err = newRunID(ctx, conn, run.AsOf, cfgText.String(), string(batches)); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx,
			`INSERT INTO runs (run_id, as_of, created_at, config, version, batches) VALUES ($1, $2::DATE, $3, $4, $5, $6)`,
			run.ID, run.AsOf, run.CreatedAt, cfgText.String(), run.Version, string(batches)); err != nil {
			return fmt.Errorf("insert run: %w", err)
		}
		if err := appendResult(conn, run.ID, &run.Result); err != nil {
			return err
		}
		if err := storeFlags(ctx, conn, run.ID); err != nil {
			return err
		}
		return storeClusters(ctx, conn, run.ID)
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// inTx runs f inside one transaction on conn (the Appender writes on the
// connection, so database/sql's Tx cannot be used).
func inTx(ctx context.Context, conn *sql.Conn, f func() error) error {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	if err := f(); err != nil {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	_, err := conn.ExecContext(ctx, "COMMIT")
	return err
}

// newRunID returns asOf as YYYYMMDD, a dash and 8 hex digits of the SHA-256
// of the as-of date, the configuration and the batches read, with "-2",
// "-3"… appended when that id is taken (the same inputs scored again).
func newRunID(ctx context.Context, conn *sql.Conn, asOf time.Time, cfg, batches string) (string, error) {
	h := sha256.Sum256([]byte(asOf.Format("2006-01-02") + "\x00" + cfg + "\x00" + batches))
	base := asOf.Format("20060102") + "-" + hex.EncodeToString(h[:4])
	var taken []string
	rows, err := conn.QueryContext(ctx, `SELECT run_id FROM runs WHERE run_id = $1 OR run_id LIKE $1 || '-%'`, base)
	if err != nil {
		return "", fmt.Errorf("run id: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
		taken = append(taken, id)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	id := base
	for n := 2; slices.Contains(taken, id); n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id, nil
}

func readBatches(ctx context.Context, q querier) ([]int64, error) {
	return readBatchesOf(ctx, q, "batches")
}

// readBatchesOf returns the batch ids the named query lists.
func readBatchesOf(ctx context.Context, q querier, query string) ([]int64, error) {
	rows, err := q.QueryContext(ctx, sqlText(query))
	if err != nil {
		return nil, fmt.Errorf("batches: %w", err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var b int64
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// appendResult writes the indicators, scores and family scores with
// DuckDB's Appender.
func appendResult(conn *sql.Conn, runID string, r *Result) error {
	err := appendRows(conn, "indicators", func(add func(...driver.Value) error) error {
		for _, u := range r.Units {
			for k, ind := range Catalogue {
				v := u.Values[k]
				var contrib, abst, zh, en driver.Value
				if v.Abstains() {
					abst = v.Abstain
				} else {
					contrib = u.Contribution[k]
				}
				if u.Contribution[k] > 0 {
					zh, en = v.Reason()
				}
				if err := add(runID, u.UnitID, ind.ID, nullable(v.Value), nullable(v.Observed),
					nullable(v.Expected), nullable(u.Std[k]), contrib, abst, nullable(v.AtStake), zh, en); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = appendRows(conn, "scores", func(add func(...driver.Value) error) error {
		for _, u := range r.Units {
			if err := add(runID, u.UnitID, u.Score, int32(u.Rank), u.Band,
				strings.Join(u.ReasonsZh, "\n"), strings.Join(u.ReasonsEn, "\n"), u.Composite); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return appendRows(conn, "family_scores", func(add func(...driver.Value) error) error {
		for _, u := range r.Units {
			for f, fam := range Families {
				if err := add(runID, u.UnitID, fam, nullable(u.Family[f]), nullable(u.FamilyScore[f])); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// appendRows appends the rows fill gives to table through one Appender on
// q's connection, each row's values in the table's column order and Go
// types (int32 for INTEGER, int64 for BIGINT, time.Time for DATE). A table
// named "temp.<name>" is one of the connection's temp tables.
func appendRows(q querier, table string, fill func(add func(...driver.Value) error) error) error {
	return q.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return errors.New("risk: not a DuckDB connection")
		}
		catalog, schema, name := "", "", table
		if t, ok := strings.CutPrefix(table, "temp."); ok {
			catalog, schema, name = "temp", "main", t
		}
		a, err := duckdb.NewAppender(c, catalog, schema, name)
		if err != nil {
			return fmt.Errorf("%s appender: %w", table, err)
		}
		if err := fill(a.AppendRow); err != nil {
			a.Close()
			return fmt.Errorf("append %s: %w", table, err)
		}
		if err := a.Close(); err != nil {
			return fmt.Errorf("append %s: %w", table, err)
		}
		return nil
	})
}

// nullable maps NaN and ±Inf to SQL NULL.
func nullable(f float64) driver.Value {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}

// CodeVersion returns the VCS revision the binary was built from (with
// "-dirty" when the tree had changes), or, without one, "devel+" and the
// digest of the executable (binaryDigest), so that a run names the code
// that made it either way.
func CodeVersion() string {
	devel := "devel"
	if d := binaryDigest(); d != "" {
		devel += "+" + d
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return devel
	}
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return devel
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}

// LatestCaseDate returns the latest filed_on in the cases ledger, the
// default as-of date; ok is false when there are no cases.
func LatestCaseDate(ctx context.Context, db *sql.DB) (d time.Time, ok bool, err error) {
	var t sql.NullTime
	if err := db.QueryRowContext(ctx, `SELECT max(filed_on) FROM cases`).Scan(&t); err != nil {
		return time.Time{}, false, fmt.Errorf("latest case date: %w", err)
	}
	return t.Time, t.Valid, nil
}
