package risk

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"time"
)

// Calibrator turns a unit's score into its expected findings in a tour:
// the tour plan's objective. The plan reads it through this interface so
// that a calibration from the backtest can replace the default.
type Calibrator interface {
	// Expected returns the expected findings of a tour of a unit of the
	// level with the score (0–100). It must not decrease with the score.
	Expected(level string, score float64) float64
	// Describe says where the figures come from, in Chinese and English.
	Describe() (zh, en string)
}

// ScoreCalibration reads the score / 100 as the expected findings: a
// relative figure in no unit, monotone in the score.
type ScoreCalibration struct{}

// Expected returns score / 100.
func (ScoreCalibration) Expected(_ string, score float64) float64 { return score / 100 }

// Describe says that the figures are relative.
func (ScoreCalibration) Describe() (zh, en string) {
	return "以风险分/100作为相对值（无历史巡察发现数可供校准）", "the score / 100, a relative figure (no tour findings to calibrate it on)"
}

// MonotoneFit is a non-decreasing function given by its knots: the mean x
// and the fitted y of each block of an isotonic regression, linearly
// interpolated between knots and constant beyond them.
type MonotoneFit struct {
	X, Y []float64
	N    int // observations it was fitted on
}

// At returns the fit at x.
func (f MonotoneFit) At(x float64) float64 {
	switch {
	case len(f.X) == 0:
		return 0
	case x <= f.X[0]:
		return f.Y[0]
	case x >= f.X[len(f.X)-1]:
		return f.Y[len(f.Y)-1]
	}
	i := sort.SearchFloat64s(f.X, x) // f.X[i-1] < x <= f.X[i]
	t := (x - f.X[i-1]) / (f.X[i] - f.X[i-1])
	return f.Y[i-1] + t*(f.Y[i]-f.Y[i-1])
}

// Isotonic fits the non-decreasing function of x closest to y in least
// squares (pool-adjacent-violators, as R's isoreg) and returns its blocks
// as knots. It panics if x and y differ in length, and returns a fit with
// no knots (0 everywhere) for no data.
func Isotonic(x, y []float64) MonotoneFit {
	if len(x) != len(y) {
		panic("risk: Isotonic: slice length mismatch")
	}
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	type block struct{ sx, sy, w float64 }
	var bs []block
	for k := 0; k < len(idx); {
		b := block{}
		for x0 := x[idx[k]]; k < len(idx) && x[idx[k]] == x0; k++ { // ties share a block
			b.sx += x[idx[k]]
			b.sy += y[idx[k]]
			b.w++
		}
		bs = append(bs, b)
		for len(bs) > 1 && bs[len(bs)-2].sy/bs[len(bs)-2].w >= bs[len(bs)-1].sy/bs[len(bs)-1].w {
			last := bs[len(bs)-1]
			bs = bs[:len(bs)-1]
			bs[len(bs)-1].sx += last.sx
			bs[len(bs)-1].sy += last.sy
			bs[len(bs)-1].w += last.w
		}
	}
	f := MonotoneFit{N: len(x)}
	for _, b := range bs {
		f.X = append(f.X, b.sx/b.w)
		f.Y = append(f.Y, b.sy/b.w)
	}
	return f
}

// ToursCalibration reads the expected findings from the tours on record:
// the problems found by a tour as an isotonic function of the toured
// unit's score, per level where the level has at least MinTours tours,
// else from all levels together.
type ToursCalibration struct {
	ByLevel map[string]MonotoneFit
	All     MonotoneFit
}

// MinCalibrationTours is the least number of tours with findings a
// calibration is fitted on (per level, or overall).
const MinCalibrationTours = 100

// Expected returns the fitted problems found per tour.
func (c ToursCalibration) Expected(level string, score float64) float64 {
	if f, ok := c.ByLevel[level]; ok {
		return f.At(score)
	}
	return c.All.At(score)
}

// Describe names the tours it was fitted on.
func (c ToursCalibration) Describe() (zh, en string) {
	return fmt.Sprintf("按%d次有发现数记录的巡察，以单位风险分对发现问题数作单调（保序）回归，分层级拟合", c.All.N),
		fmt.Sprintf("problems found per tour, a monotone (isotonic) fit on the score of the %d tours on record with findings, per level", c.All.N)
}

// CalibrateFromTours fits a ToursCalibration on the completed routine and
// special tours started within years before asOf, against the scores of
// the run. Scores of the same run judge tours that came before it, so the
// fit is optimistic; a backtest's calibration (scores as of before each
// tour) is the better input where one exists. It returns
// ScoreCalibration when there are fewer than MinCalibrationTours tours.
func CalibrateFromTours(ctx context.Context, q querier, runID string, asOf time.Time, years int) (Calibrator, error) {
	rows, err := q.QueryContext(ctx, sqlText("plan_calibration"), sql.Named("run_id", runID),
		sql.Named("as_of", asOf), sql.Named("from", asOf.AddDate(-years, 0, 0)))
	if err != nil {
		return nil, fmt.Errorf("calibration: %w", err)
	}
	defer rows.Close()
	type obs struct{ x, y []float64 }
	per := map[string]*obs{}
	all := &obs{}
	for rows.Next() {
		var level string
		var score, found float64
		if err := rows.Scan(&level, &score, &found); err != nil {
			return nil, fmt.Errorf("calibration: %w", err)
		}
		if per[level] == nil {
			per[level] = &obs{}
		}
		for _, o := range []*obs{per[level], all} {
			o.x, o.y = append(o.x, score), append(o.y, found)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("calibration: %w", err)
	}
	if len(all.x) < MinCalibrationTours {
		return ScoreCalibration{}, nil
	}
	c := ToursCalibration{ByLevel: map[string]MonotoneFit{}, All: Isotonic(all.x, all.y)}
	for level, o := range per {
		if len(o.x) >= MinCalibrationTours {
			c.ByLevel[level] = Isotonic(o.x, o.y)
		}
	}
	return c, nil
}
