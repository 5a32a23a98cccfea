package dashboards

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/microrisk/microrisk/risk"
)

// validationPage shows the stored backtests (`microrisk backtest`): for
// each, the AUC against what followed, the yield of a plan chosen by score
// against rotation and chance, and for the latest the AUC of each
// indicator and family and the outcome rate per band.
type validationPage struct {
	pageBase
	Rows       []backtestView
	Empty      bool
	Yields     chartView
	Indicators chartView
	Bands      chartView
	Latest     string
}

type backtestView struct {
	ID, AsOf, HorizonEnd, Units, Positives, AUC, BaselineAUC, K, Yield, Rotation, Random, Lift string
	Truncated                                                                                  bool
}

type backtestRow struct {
	ID                           string
	AsOf, HorizonEnd             time.Time
	Horizon, Units, Positives, K int
	Yield, Rotation              int
	Truncated                    bool
	AUC, BaselineAUC             *float64
	Random                       float64
}

func buildValidation(ctx context.Context, q querier, tr translator, run runInfo, p Period, _ *unitData) (any, error) {
	var pg validationPage
	var err error
	if pg.pageBase, err = newPageBase(tr, pageValidation, run, p); err != nil {
		return pg, err
	}
	var rows []backtestRow
	err = q.each(ctx, qBacktests, nil, func(r *sql.Rows) error {
		var b backtestRow
		if err := r.Scan(&b.ID, &b.AsOf, &b.Horizon, &b.HorizonEnd, &b.Truncated, &b.Units, &b.Positives, &b.AUC,
			&b.BaselineAUC, &b.K, &b.Yield, &b.Rotation, &b.Random); err != nil {
			return err
		}
		rows = append(rows, b)
		return nil
	})
	if err != nil {
		return pg, err
	}
	pg.Empty = len(rows) == 0
	for _, b := range rows {
		lift := "—"
		if b.Rotation > 0 {
			lift = fmt.Sprintf("%.2f×", float64(b.Yield)/float64(b.Rotation))
		}
		pg.Rows = append(pg.Rows, backtestView{ID: b.ID, AsOf: tr.date(b.AsOf), HorizonEnd: tr.date(b.HorizonEnd),
			Units: fmtInt(int64(b.Units)), Positives: fmtInt(int64(b.Positives)), AUC: fmtFloat(b.AUC, 3),
			BaselineAUC: fmtFloat(b.BaselineAUC, 3), K: fmtInt(int64(b.K)), Yield: fmtInt(int64(b.Yield)),
			Rotation: fmtInt(int64(b.Rotation)), Random: fmtFloat(&b.Random, 1), Lift: lift, Truncated: b.Truncated})
	}
	if pg.Yields, err = yieldChart(tr, rows); err != nil || pg.Empty {
		return pg, err
	}
	latest := rows[len(rows)-1]
	pg.Latest = latest.ID
	if pg.Indicators, err = aucChart(ctx, q, tr, latest.ID); err != nil {
		return pg, err
	}
	pg.Bands, err = bandChart(ctx, q, tr, latest.ID)
	return pg, err
}

// yieldChart is, per backtest, the outcomes found by a plan of k units
// chosen by score, by rotation and (expected) at random.
func yieldChart(tr translator, rows []backtestRow) (chartView, error) {
	v := chartView{ID: "chart-yields", Query: qBacktests, Height: 320, Empty: len(rows) == 0}
	if v.Empty {
		return v, nil
	}
	l, err := tr.labels("series_by_score", "series_by_rotation", "series_at_random")
	if err != nil {
		return v, err
	}
	var x []string
	var s, r, c []any
	for _, b := range rows {
		x = append(x, b.AsOf.Format("2006-01-02"))
		s, r, c = append(s, b.Yield), append(r, b.Rotation), append(c, roundTo(b.Random, 1))
	}
	option := map[string]any{
		"animation": false, "legend": map[string]any{"top": 0}, "tooltip": map[string]any{"trigger": "axis"},
		"grid":  map[string]any{"left": 16, "right": 24, "top": 36, "bottom": 12, "containLabel": true},
		"xAxis": map[string]any{"type": "category", "data": x}, "yAxis": map[string]any{"type": "value"},
		"series": []map[string]any{
			{"type": "bar", "name": l["series_by_score"], "data": s},
			{"type": "bar", "name": l["series_by_rotation"], "data": r},
			{"type": "bar", "name": l["series_at_random"], "data": c},
		},
	}
	v.Option, err = safeJSON(option)
	return v, err
}

// aucChart is the AUC of each indicator and family in the backtest.
func aucChart(ctx context.Context, q querier, tr translator, id string) (chartView, error) {
	v := chartView{ID: "chart-aucs", Query: qBacktestIndicators}
	var names []string
	var aucs []any
	err := q.each(ctx, qBacktestIndicators, []any{id}, func(r *sql.Rows) error {
		var name string
		var auc *float64
		if err := r.Scan(&name, &auc); err != nil {
			return err
		}
		if f, ok := cutFamily(name); ok {
			name = "【" + tr.familyLabel(f) + "】"
		} else if ind, ok := risk.IndicatorByID(name); ok {
			name = tr.pick(ind.TitleZh, ind.TitleEn)
		}
		names = append(names, name)
		aucs = append(aucs, round(auc, 3))
		return nil
	})
	if err != nil {
		return v, err
	}
	v.Empty = len(names) == 0
	v.Height = 100 + 22*len(names)
	label, err := tr.T("col_auc")
	if err != nil || v.Empty {
		return v, err
	}
	option := map[string]any{
		"animation": false, "tooltip": map[string]any{"trigger": "axis"},
		"grid":  map[string]any{"left": 16, "right": 32, "top": 16, "bottom": 12, "containLabel": true},
		"xAxis": map[string]any{"type": "value", "min": 0, "max": 1},
		"yAxis": map[string]any{"type": "category", "data": names, "inverse": true},
		"series": []map[string]any{{"type": "bar", "name": label, "data": aucs,
			"markLine": map[string]any{"symbol": "none", "data": []map[string]any{{"xAxis": 0.5}}}}},
	}
	v.Option, err = safeJSON(option)
	return v, err
}

func cutFamily(s string) (string, bool) {
	const p = "family:"
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):], true
	}
	return "", false
}

// bandChart is the share of each band's units with an outcome.
func bandChart(ctx context.Context, q querier, tr translator, id string) (chartView, error) {
	v := chartView{ID: "chart-bands", Query: qBacktestBands, Height: 260}
	var names []string
	var rates []any
	err := q.each(ctx, qBacktestBands, []any{id}, func(r *sql.Rows) error {
		var band string
		var units, pos int
		var rate float64
		if err := r.Scan(&band, &units, &pos, &rate); err != nil {
			return err
		}
		names = append(names, fmt.Sprintf("%s (%d)", tr.Band(band), units))
		rates = append(rates, roundTo(100*rate, 1))
		return nil
	})
	if err != nil {
		return v, err
	}
	v.Empty = len(names) == 0
	label, err := tr.T("col_outcome_rate")
	if err != nil || v.Empty {
		return v, err
	}
	option := map[string]any{
		"animation": false, "tooltip": map[string]any{"trigger": "axis"},
		"grid":  map[string]any{"left": 16, "right": 24, "top": 24, "bottom": 12, "containLabel": true},
		"xAxis": map[string]any{"type": "category", "data": names}, "yAxis": map[string]any{"type": "value", "name": "%"},
		"series": []map[string]any{{"type": "bar", "name": label, "data": rates}},
	}
	v.Option, err = safeJSON(option)
	return v, err
}
