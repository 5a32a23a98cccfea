package dashboards

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/microrisk/microrisk/risk"
	"github.com/microrisk/microrisk/risk/stats"
)

// chartView is one chart on a page: a container that names its query and
// the ECharts option as JSON.
//
// Charts are built with go-echarts, but only their option is taken (the
// chart's JSON map, marshalled by encoding/json); go-echarts' page renderer
// is never used, because it writes the option unescaped and turns "__f__"
// markers anywhere in the page into JavaScript functions. The option goes
// into a <script type="application/json"> element that the page parses with
// JSON.parse, so data can never become code.
type chartView struct {
	ID     string      // element id; the option's element is ID + "-option"
	Query  string      // the named query the chart's data came from
	Title  string      // caption; empty when the section's heading names the chart
	Height int         // pixels
	Option template.JS // JSON with <, >, & escaped
	Empty  bool        // no data: the page shows a note instead
}

// echartsChart is what every go-echarts chart offers.
type echartsChart interface {
	Validate()
	JSON() map[string]interface{}
}

// optionJSON validates the chart and marshals its option, every series
// drawn in one frame (progressive 0: ECharts would otherwise draw a series
// of thousands of points over several frames, and a print or a headless
// check could catch it half drawn).
func optionJSON(c echartsChart) (template.JS, error) {
	return optionJSONUnits(c, nil)
}

// optionJSONUnits is optionJSON that also adds to each data item of the
// series named in units the unit id it stands for (in the order of the
// series' data), so that clicking the point opens the unit's page
// (microrisk.js, M.chart).
func optionJSONUnits(c echartsChart, units map[string][]string) (template.JS, error) {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return "", fmt.Errorf("chart option: %w", err)
	}
	var opt map[string]any
	if err := json.Unmarshal(b, &opt); err != nil {
		return "", fmt.Errorf("chart option: %w", err)
	}
	series, _ := opt["series"].([]any)
	for _, s := range series {
		m, ok := s.(map[string]any)
		if !ok {
			continue
		}
		m["progressive"] = 0
		name, _ := m["name"].(string)
		data, _ := m["data"].([]any)
		ids, ok := units[name]
		if !ok || len(ids) != len(data) {
			continue
		}
		for i, d := range data {
			if item, ok := d.(map[string]any); ok {
				item["unit"] = ids[i]
			}
		}
	}
	return safeJSON(opt)
}

// safeJSON marshals v with encoding/json, which escapes <, >, & and the JS
// line terminators U+2028 and U+2029, so the result cannot end a <script>
// element or open a comment in it. Non-finite numbers are an error.
func safeJSON(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("chart option: %w", err)
	}
	return template.JS(b), nil
}

// commonOpts are the options every chart shares: no animation (the pages
// are read and printed, and headless checks see the final state), a legend
// on top, a tooltip, and one grid (bottom pixels below the plot) that keeps
// long labels inside.
func commonOpts(trigger, bottom string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: trigger}),
		charts.WithGridOpts(opts.Grid{Left: "16", Right: "32", Top: "48", Bottom: bottom, ContainLabel: opts.Bool(true)}),
	}
}

// monthlyChart is cases filed (bars) and people punished (line) per month.
func monthlyChart(tr translator, rows []monthRow) (chartView, error) {
	v := chartView{ID: "chart-monthly", Query: qMonthlyCases, Height: 360, Empty: len(rows) == 0}
	var err error
	if v.Title, err = tr.T("sec_monthly"); err != nil || v.Empty {
		return v, err
	}
	months := make([]string, len(rows))
	cases := make([]opts.BarData, len(rows))
	punished := make([]opts.LineData, len(rows))
	for i, r := range rows {
		months[i] = r.Month
		cases[i] = opts.BarData{Value: r.Cases}
		punished[i] = opts.LineData{Value: r.Punished}
	}
	names, err := tr.labels("series_cases", "series_punished")
	if err != nil {
		return v, err
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(commonOpts("axis", "12")...)
	bar.SetXAxis(months).AddSeries(names["series_cases"], cases)
	line := charts.NewLine()
	line.SetXAxis(months).AddSeries(names["series_punished"], punished)
	bar.Overlap(line)
	v.Option, err = optionJSON(bar)
	return v, err
}

// clusterChart is cases and people punished per cluster of domains.
func clusterChart(tr translator, rows []clusterRow) (chartView, error) {
	v := chartView{ID: "chart-clusters", Query: qCasesByDomain, Height: 300}
	var err error
	if v.Title, err = tr.T("sec_domains"); err != nil {
		return v, err
	}
	names := make([]string, len(rows))
	cases := make([]opts.BarData, len(rows))
	punished := make([]opts.BarData, len(rows))
	for i, r := range rows {
		if names[i], err = tr.T(r.Key); err != nil {
			return v, err
		}
		cases[i] = opts.BarData{Value: r.Cases}
		punished[i] = opts.BarData{Value: r.Punished}
	}
	series, err := tr.labels("series_cases", "series_punished")
	if err != nil {
		return v, err
	}
	bar := horizontalBar(names)
	bar.AddSeries(series["series_cases"], cases).AddSeries(series["series_punished"], punished)
	v.Option, err = optionJSON(bar)
	return v, err
}

// horizontalBar is a bar chart with categories on the y axis, the first on
// top.
func horizontalBar(categories []string) *charts.Bar {
	bar := charts.NewBar()
	bar.SetGlobalOptions(commonOpts("axis", "12")...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	bar.SetXAxis(categories).XYReversal()
	return bar
}

// districtChart is cases per 100 staff per district, highest first.
func districtChart(tr translator, rows []districtRow) (chartView, error) {
	v := chartView{ID: "chart-districts", Query: qDistrictRanking, Height: 120 + 28*len(rows), Empty: len(rows) == 0}
	var err error
	if v.Title, err = tr.T("chart_per100"); err != nil || v.Empty {
		return v, err
	}
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b districtRow) int { return cmp.Compare(per100(b), per100(a)) })
	names := make([]string, len(rows))
	per100 := make([]opts.BarData, len(rows))
	for i, r := range rows {
		names[i] = r.Name
		per100[i] = opts.BarData{Value: round(r.Per100, 2)}
	}
	bar := horizontalBar(names)
	bar.AddSeries(v.Title, per100)
	v.Option, err = optionJSON(bar)
	return v, err
}

func per100(d districtRow) float64 {
	if d.Per100 == nil {
		return -1
	}
	return *d.Per100
}

// round returns x rounded to prec decimals, or nil (a gap in the chart).
func round(x *float64, prec int) any {
	if x == nil || math.IsNaN(*x) || math.IsInf(*x, 0) {
		return nil
	}
	p := math.Pow(10, float64(prec))
	return math.Round(*x*p) / p
}

// funnelLimitPoints is how many expected values the limit curves are drawn
// through, spaced geometrically so the curves are smooth where they bend.
const funnelLimitPoints = 80

// funnel is the funnel plot's data: each unit's ratio O/E against E, and
// which units lie above the upper 99.8% limit — adjusted for
// overdispersion as the run's reminders.overdispersion says (φ and τ²
// fitted on the points), or the exact Poisson limit.
type funnel struct {
	Points []funnelPoint
	Above  []bool // Points[i] lies above the upper 99.8% limit
	NAbove int
	OD     stats.Overdispersion
	Adjust bool
}

func newFunnel(points []funnelPoint, rem risk.Reminders) funnel {
	f := funnel{Points: points, Above: make([]bool, len(points))}
	method, adjust := rem.ODMethod()
	if adjust && len(points) > 1 {
		o, e := make([]float64, len(points)), make([]float64, len(points))
		for i, p := range points {
			o[i], e[i] = p.Observed, p.Expected
		}
		f.OD, f.Adjust = stats.FitOverdispersion(o, e, method, stats.DefaultTrim), true
	}
	for i, p := range points {
		_, hi := f.limits(p.Expected, stats.Coverage998)
		if p.Observed/p.Expected > hi {
			f.Above[i] = true
			f.NAbove++
		}
	}
	return f
}

// limits returns the funnel's limits on O/E at expected count E.
func (f funnel) limits(e, coverage float64) (lo, hi float64) {
	if f.Adjust {
		return f.OD.Limits(e, coverage)
	}
	return stats.PoissonLimits(e, coverage)
}

// funnelChart draws the units' O/E against E with the exact Poisson 95% and
// 99.8% limits (stats.PoissonLimits) around the target ratio 1.
func funnelChart(tr translator, f funnel) (chartView, error) {
	// No caption: the section's heading names the chart.
	v := chartView{ID: "chart-funnel", Query: qFunnelPoints, Height: 520, Empty: len(f.Points) == 0}
	if v.Empty {
		return v, nil
	}
	names, err := tr.labels("axis_expected", "axis_ratio", "series_units", "series_above", "series_limit95", "series_limit998", "series_target")
	if err != nil {
		return v, err
	}
	eMin, eMax, rMax := math.Inf(1), 0.0, 2.0
	var inside, above []opts.ScatterData
	var insideIDs, aboveIDs []string
	for i, p := range f.Points {
		ratio := p.Observed / p.Expected
		eMin, eMax, rMax = math.Min(eMin, p.Expected), math.Max(eMax, p.Expected), math.Max(rMax, ratio)
		d := opts.ScatterData{Name: p.Name + " " + p.UnitID, Value: []float64{roundTo(p.Expected, 3), roundTo(ratio, 3)}}
		if f.Above[i] {
			above, aboveIDs = append(above, d), append(aboveIDs, p.UnitID)
		} else {
			inside, insideIDs = append(inside, d), append(insideIDs, p.UnitID)
		}
	}
	// The limit curves rise without bound as E falls; they are cut where
	// they leave the units' range so the axis stays scaled to the units.
	yCap := rMax * 1.1

	line := charts.NewLine()
	line.SetGlobalOptions(commonOpts("item", "36")...)
	line.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: names["axis_expected"], NameLocation: "middle", NameGap: 28, Min: 0}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: names["axis_ratio"], Min: 0}),
	)
	for _, lim := range []struct {
		coverage float64
		name     string
		color    string
	}{
		{stats.Coverage95, names["series_limit95"], "#e6a23c"},
		{stats.Coverage998, names["series_limit998"], "#c0392b"},
	} {
		lo, hi := limitCurves(eMin, eMax, yCap, lim.coverage, f.limits)
		style := []charts.SeriesOpts{
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Color: lim.color, Width: 1.5}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: lim.color}),
		}
		line.AddSeries(lim.name, hi, style...).AddSeries(lim.name, lo, style...)
	}
	line.AddSeries(names["series_target"], []opts.LineData{{Value: []float64{0, 1}}, {Value: []float64{roundTo(eMax*1.05, 3), 1}}},
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: "#888", Width: 1}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#888"}),
	)
	sc := charts.NewScatter()
	sc.AddSeries(names["series_units"], inside, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#5470c6", Opacity: opts.Float(0.7)}))
	sc.AddSeries(names["series_above"], above, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#d7191c"}))
	line.Overlap(sc)
	v.Option, err = optionJSONUnits(line, map[string][]string{names["series_units"]: insideIDs, names["series_above"]: aboveIDs})
	return v, err
}

// limitCurves returns the lower and upper limit curves over a geometric grid
// of expected values spanning the units' range; the upper curve is left out
// where it exceeds yCap.
func limitCurves(eMin, eMax, yCap, coverage float64, limits func(e, c float64) (float64, float64)) (lo, hi []opts.LineData) {
	from, to := eMin*0.9, eMax*1.05
	if to <= from {
		to = from + 1
	}
	step := math.Pow(to/from, 1/float64(funnelLimitPoints-1))
	e := from
	for i := 0; i < funnelLimitPoints; i++ {
		l, h := limits(e, coverage)
		if !math.IsNaN(l) {
			lo = append(lo, opts.LineData{Value: []float64{roundTo(e, 4), roundTo(l, 4)}})
		}
		if h <= yCap { // false for +Inf and NaN too
			hi = append(hi, opts.LineData{Value: []float64{roundTo(e, 4), roundTo(h, 4)}})
		}
		e *= step
	}
	return lo, hi
}

func roundTo(x float64, prec int) float64 {
	p := math.Pow(10, float64(prec))
	return math.Round(x*p) / p
}

// ledgerChart is rows loaded and rejected per ledger, stacked.
func ledgerChart(tr translator, rows []ledgerTotal) (chartView, error) {
	v := chartView{ID: "chart-ledgers", Query: qBatchesByLedger, Height: 120 + 30*len(rows), Empty: len(rows) == 0}
	var err error
	if v.Title, err = tr.T("sec_ledgers"); err != nil || v.Empty {
		return v, err
	}
	names := make([]string, len(rows))
	loaded := make([]opts.BarData, len(rows))
	rejected := make([]opts.BarData, len(rows))
	for i, r := range rows {
		names[i] = tr.Ledger(r.Ledger)
		loaded[i] = opts.BarData{Value: r.Loaded}
		rejected[i] = opts.BarData{Value: r.Rejected}
	}
	series, err := tr.labels("series_loaded", "series_rejected")
	if err != nil {
		return v, err
	}
	bar := horizontalBar(names)
	bar.AddSeries(series["series_loaded"], loaded, charts.WithBarChartOpts(opts.BarChart{Stack: "rows"}), charts.WithItemStyleOpts(opts.ItemStyle{Color: "#91cc75"})).
		AddSeries(series["series_rejected"], rejected, charts.WithBarChartOpts(opts.BarChart{Stack: "rows"}), charts.WithItemStyleOpts(opts.ItemStyle{Color: "#ee6666"}))
	v.Option, err = optionJSON(bar)
	return v, err
}
