package dashboards

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"maps"
	"math"
	"slices"
	"sort"

	"github.com/microrisk/microrisk/risk"
	"github.com/microrisk/microrisk/risk/benford"
)

// dataTableView is a table drawn by microrisk.js from rows given as JSON
// (sortable and paginated in the browser).
type dataTableView struct {
	ID    string
	Query string
	Title string
	Note  string
	Spec  template.JS // {columns, rows, sort, dir, pageSize, query}
}

// dataColumn describes a column of a dataTableView.
type dataColumn struct {
	Label  string `json:"label"`
	Num    bool   `json:"num,omitempty"`
	Digits int    `json:"digits,omitempty"`
	Unit   bool   `json:"unit,omitempty"` // the cell is [id, name, parent]
}

func newDataTable(id, query, title, note string, cols []dataColumn, rows [][]any, sortCol int) (dataTableView, error) {
	if rows == nil {
		rows = [][]any{}
	}
	spec, err := safeJSON(map[string]any{"columns": cols, "rows": rows, "sort": sortCol, "dir": -1, "pageSize": 20, "query": query})
	return dataTableView{ID: id, Query: query, Title: title, Note: note, Spec: spec}, err
}

// ruleTables are, for each indicator whose records come from the ledger,
// the units with flags: how many, the amount at stake, the indicator's
// value and its contribution.
func ruleTables(ctx context.Context, q querier, tr translator, run runInfo, ud *unitData, ledger string) ([]dataTableView, error) {
	rows := map[string][][]any{}
	err := q.each(ctx, qFlagSummary, []any{run.ID, ledger}, func(r *sql.Rows) error {
		var rule, unit string
		var n int64
		var stake, value, contrib *float64
		if err := r.Scan(&rule, &unit, &n, &stake, &value, &contrib); err != nil {
			return err
		}
		rows[rule] = append(rows[rule], []any{ud.ref(unit).jsonRef(), n, round2(stake), round3(value), round3(contrib)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	l, err := tr.labels("col_unit", "col_flags", "col_at_stake", "col_value", "col_contribution", "rule_units_note")
	if err != nil {
		return nil, err
	}
	cols := []dataColumn{{Label: l["col_unit"], Unit: true}, {Label: l["col_flags"], Num: true},
		{Label: l["col_at_stake"], Num: true, Digits: 2}, {Label: l["col_value"], Num: true, Digits: 2},
		{Label: l["col_contribution"], Num: true, Digits: 2}}
	var out []dataTableView
	for _, ind := range risk.Catalogue {
		if ind.Ledger != ledger {
			continue
		}
		var n int64
		for _, r := range rows[ind.ID] {
			n += r[1].(int64)
		}
		note := fmt.Sprintf(l["rule_units_note"], tr.pick(ind.AboutZh, ind.AboutEn), fmtInt(n), fmtInt(int64(len(rows[ind.ID]))))
		t, err := newDataTable("rule-"+ind.ID, qFlagSummary, tr.pick(ind.TitleZh, ind.TitleEn), note, cols, rows[ind.ID], 1)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// paymentsPage is the analysts' page on payments: Benford's law by
// programme and by district, and every payment rule's flagged units.
type paymentsPage struct {
	pageBase
	Programs     []benfordView
	ProgramTable dataTableView
	Districts    chartView
	Rules        []dataTableView
}

// benfordView is one programme's first-two-digit test.
type benfordView struct {
	Chart                  chartView
	Program, N, MAD, Ratio string
	Verdict                string
}

func buildPayments(ctx context.Context, q querier, tr translator, run runInfo, p Period, ud *unitData) (any, error) {
	var pg paymentsPage
	var err error
	if pg.pageBase, err = newPageBase(tr, pagePayments, run, p); err != nil {
		return pg, err
	}
	cfg, err := risk.DecodeStoredConfig(run.Config)
	if err != nil {
		return pg, fmt.Errorf("run %s: stored config: %w", run.ID, err)
	}
	counts, err := loadPaymentDigits(ctx, q)
	if err != nil {
		return pg, err
	}
	if err := pg.addBenford(tr, counts, ud, int64(cfg.Minimums.BenfordPayments)); err != nil {
		return pg, err
	}
	pg.Rules, err = ruleTables(ctx, q, tr, run, ud, "payments")
	return pg, err
}

// digitCounts are first-two-digit counts by programme and district.
type digitCounts map[string]map[string]map[int]int64

func loadPaymentDigits(ctx context.Context, q querier) (digitCounts, error) {
	out := digitCounts{}
	err := q.each(ctx, qPaymentDigits, nil, func(r *sql.Rows) error {
		var program, district string
		var digits int
		var n int64
		if err := r.Scan(&program, &district, &digits, &n); err != nil {
			return err
		}
		if out[program] == nil {
			out[program] = map[string]map[int]int64{}
		}
		if out[program][district] == nil {
			out[program][district] = map[int]int64{}
		}
		out[program][district][digits] += n
		return nil
	})
	return out, err
}

func (pg *paymentsPage) addBenford(tr translator, counts digitCounts, ud *unitData, minN int64) error {
	programs := make([]string, 0, len(counts))
	for p := range counts {
		programs = append(programs, p)
	}
	sort.Strings(programs)
	l, err := tr.labels("benford_observed", "benford_law", "col_program", "col_district", "col_n", "col_mad", "col_mad_ratio",
		"col_verdict", "benford_programs_note")
	if err != nil {
		return err
	}
	bc := benford.DefaultConfig()
	bc.MinN = minN
	var rows [][]any
	var heat [][3]any
	var districts []string
	seen := map[string]bool{}
	for i, prog := range programs {
		all := map[int]int64{}
		for _, district := range slices.Sorted(maps.Keys(counts[prog])) { // the same page every time
			c := counts[prog][district]
			for d, n := range c {
				all[d] += n
			}
			if res := bc.FromCounts(benford.FirstTwo, c); res.Abstain == "" {
				ratio := res.MAD / benford.ExpectedMAD(benford.FirstTwo, res.N)
				heat = append(heat, [3]any{district, i, roundTo(ratio, 2)})
				if !seen[district] {
					seen[district] = true
					districts = append(districts, district)
				}
			}
		}
		res := bc.FromCounts(benford.FirstTwo, all)
		v := benfordView{Program: prog, N: fmtInt(res.N)}
		if res.Abstain == "" {
			exp := benford.ExpectedMAD(benford.FirstTwo, res.N)
			m, ratio := res.MAD, res.MAD/exp
			v.MAD, v.Ratio, v.Verdict = fmtFloat(&m, 4), fmtFloat(&ratio, 1), tr.pick(res.Verdict.Chinese(), res.Verdict.String())
			rows = append(rows, []any{prog, res.N, roundTo(m, 4), roundTo(ratio, 2), v.Verdict})
		}
		if v.Chart, err = digitChart(fmt.Sprintf("chart-benford-%d", i), prog, all, l); err != nil {
			return err
		}
		pg.Programs = append(pg.Programs, v)
	}
	cols := []dataColumn{{Label: l["col_program"]}, {Label: l["col_n"], Num: true}, {Label: l["col_mad"], Num: true, Digits: 4},
		{Label: l["col_mad_ratio"], Num: true, Digits: 2}, {Label: l["col_verdict"]}}
	if pg.ProgramTable, err = newDataTable("benford-programs", qPaymentDigits, "", l["benford_programs_note"], cols, rows, 3); err != nil {
		return err
	}
	pg.Districts, err = benfordHeatmap(tr, programs, districts, heat, ud)
	return err
}

// digitChart is one programme's first-two-digit shares against Benford's.
func digitChart(id, title string, counts map[int]int64, l map[string]string) (chartView, error) {
	v := chartView{ID: id, Query: qPaymentDigits, Title: title, Height: 240}
	var n int64
	for _, c := range counts {
		n += c
	}
	v.Empty = n == 0
	if v.Empty {
		return v, nil
	}
	digits := make([]string, 0, 90)
	obs := make([]float64, 0, 90)
	law := make([]float64, 0, 90)
	for d := 10; d <= 99; d++ {
		digits = append(digits, fmt.Sprint(d))
		obs = append(obs, roundTo(100*float64(counts[d])/float64(n), 2))
		law = append(law, roundTo(100*math.Log10(1+1/float64(d)), 2))
	}
	option := map[string]any{
		"animation": false, "legend": map[string]any{"top": 0}, "tooltip": map[string]any{"trigger": "axis"},
		"grid":  map[string]any{"left": 16, "right": 24, "top": 32, "bottom": 8, "containLabel": true},
		"xAxis": map[string]any{"type": "category", "data": digits}, "yAxis": map[string]any{"type": "value", "name": "%"},
		"series": []map[string]any{
			{"type": "bar", "name": l["benford_observed"], "data": obs},
			{"type": "line", "name": l["benford_law"], "data": law, "showSymbol": false},
		},
	}
	var err error
	v.Option, err = safeJSON(option)
	return v, err
}

// benfordHeatmap is each programme's MAD ratio per district.
func benfordHeatmap(tr translator, programs, districts []string, cells [][3]any, ud *unitData) (chartView, error) {
	v := chartView{ID: "chart-benford-districts", Query: qPaymentDigits, Empty: len(cells) == 0}
	if v.Empty {
		return v, nil
	}
	sort.Strings(districts)
	col := map[string]int{}
	names := make([]string, len(districts))
	for i, d := range districts {
		col[d] = i
		names[i] = orDash(ud.name(d))
	}
	data := make([][3]any, len(cells))
	for i, c := range cells {
		data[i] = [3]any{col[c[0].(string)], c[1], c[2]}
	}
	label, err := tr.T("col_mad_ratio")
	if err != nil {
		return v, err
	}
	v.Height = 160 + 24*len(programs)
	option := map[string]any{
		"animation": false, "tooltip": map[string]any{"position": "top"},
		"grid":  map[string]any{"left": 16, "right": 90, "top": 16, "bottom": 16, "containLabel": true},
		"xAxis": map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"rotate": 40, "interval": 0}},
		"yAxis": map[string]any{"type": "category", "data": programs},
		"visualMap": map[string]any{"min": 0, "max": 4, "calculable": true, "right": 0, "top": "middle",
			"inRange": map[string]any{"color": []string{"#1a9850", "#fee08b", "#d73027"}}},
		"series": []map[string]any{{"type": "heatmap", "name": label, "data": data, "label": map[string]any{"show": true, "fontSize": 9}}},
	}
	v.Option, err = safeJSON(option)
	return v, err
}

// assetsPage is the analysts' page on the collective three assets: lease
// prices per mu by district with the flagged leases, and every asset
// rule's flagged units.
type assetsPage struct {
	pageBase
	Prices chartView
	Rules  []dataTableView
}

func buildAssets(ctx context.Context, q querier, tr translator, run runInfo, p Period, ud *unitData) (any, error) {
	var pg assetsPage
	var err error
	if pg.pageBase, err = newPageBase(tr, pageAssets, run, p); err != nil {
		return pg, err
	}
	cfg, err := risk.DecodeStoredConfig(run.Config)
	if err != nil {
		return pg, fmt.Errorf("run %s: stored config: %w", run.ID, err)
	}
	if pg.Prices, err = leaseChart(ctx, q, tr, run, cfg); err != nil {
		return pg, err
	}
	pg.Rules, err = ruleTables(ctx, q, tr, run, ud, "assets")
	return pg, err
}

// leaseChart is a box plot of lease prices per district with the leases
// flagged far below their district's price as points on it.
func leaseChart(ctx context.Context, q querier, tr translator, run runInfo, cfg risk.Config) (chartView, error) {
	v := chartView{ID: "chart-lease-prices", Query: qLeaseBoxes}
	var districts, names []string
	var boxes [][5]float64
	col := map[string]int{}
	err := q.each(ctx, qLeaseBoxes, []any{run.ID, run.AsOf, cfg.Windows.AssetsMonths, cfg.Assets.LeaseAmount == risk.LeaseTotal},
		func(r *sql.Rows) error {
			var id, name string
			var n int64
			var b [5]float64
			if err := r.Scan(&id, &name, &n, &b[0], &b[1], &b[2], &b[3], &b[4]); err != nil {
				return err
			}
			col[id] = len(districts)
			districts, names = append(districts, id), append(names, name)
			for i := range b {
				b[i] = roundTo(b[i], 0)
			}
			boxes = append(boxes, b)
			return nil
		})
	if err != nil {
		return v, err
	}
	v.Empty = len(boxes) == 0
	if v.Empty {
		return v, nil
	}
	type point struct {
		Value [2]any `json:"value"`
		Unit  string `json:"unit"`
		Name  string `json:"name"`
	}
	var flagged []point
	err = q.each(ctx, qLeaseFlags, []any{run.ID}, func(r *sql.Rows) error {
		var district, unit, record string
		var price *float64
		if err := r.Scan(&district, &unit, &record, &price); err != nil {
			return err
		}
		if i, ok := col[district]; ok && price != nil {
			flagged = append(flagged, point{Value: [2]any{i, roundTo(*price, 0)}, Unit: unit, Name: unit + " " + record})
		}
		return nil
	})
	if err != nil {
		return v, err
	}
	l, err := tr.labels("price_per_mu", "series_leases", "series_flagged_leases")
	if err != nil {
		return v, err
	}
	v.Height = 480
	option := map[string]any{
		"animation": false, "legend": map[string]any{"top": 0}, "tooltip": map[string]any{"trigger": "item"},
		"grid":  map[string]any{"left": 16, "right": 24, "top": 36, "bottom": 16, "containLabel": true},
		"xAxis": map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"rotate": 40, "interval": 0}},
		"yAxis": map[string]any{"type": "log", "name": l["price_per_mu"]},
		"series": []map[string]any{
			{"type": "boxplot", "name": l["series_leases"], "data": boxes},
			{"type": "scatter", "name": l["series_flagged_leases"], "data": flagged, "itemStyle": map[string]any{"color": "#d7191c"}},
		},
	}
	v.Option, err = safeJSON(option)
	return v, err
}
