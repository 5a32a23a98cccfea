package dashboards

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"

	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/risk"
)

// plannerPage is the inspection planner's page: every scored unit with
// search, filters and sorting (built by microrisk.js from data/units.js),
// the funnel plot, the district × domain heat map, the map of case
// clusters, the hierarchy treemap, the tour plan and the work reminders.
type plannerPage struct {
	pageBase
	RankingNote   string
	Funnel        chartView
	FunnelNote    string
	FunnelMissing string
	Heatmap       chartView
	Treemap       chartView
	Scan          scanView
	Tours         []tourView
	Reminders     []reminderView
	Plan          planView
}

func buildPlanner(ctx context.Context, q querier, tr translator, run runInfo, p Period, ud *unitData) (any, error) {
	var pg plannerPage
	var err error
	if pg.pageBase, err = newPageBase(tr, pagePlanner, run, p); err != nil {
		return pg, err
	}
	pg.Scripts = []string{indexFile}
	bands, err := loadBands(ctx, q, run.ID)
	if err != nil {
		return pg, err
	}
	var total int64
	for _, n := range bands {
		total += n
	}
	if pg.RankingNote, err = tr.F("ranking_note", fmtInt(total), fmtInt(bands["high"]), fmtInt(bands["elevated"]),
		fmtInt(bands["normal"])); err != nil {
		return pg, err
	}
	if err := pg.addFunnel(ctx, q, tr, run); err != nil {
		return pg, err
	}
	if pg.Heatmap, err = heatmapChart(ctx, q, tr, p); err != nil {
		return pg, err
	}
	if pg.Treemap, err = treemapChart(tr, ud); err != nil {
		return pg, err
	}
	if pg.Scan, err = buildScanView(ctx, q, tr, run, ud); err != nil {
		return pg, err
	}
	tours, err := loadTours(ctx, q, run.ID)
	if err != nil {
		return pg, err
	}
	if pg.Tours, err = tourViews(tr, tours, ud); err != nil {
		return pg, err
	}
	reminders, err := loadReminders(ctx, q, run.ID)
	if err != nil {
		return pg, err
	}
	pg.Reminders = reminderViews(tr, reminders, ud)
	pg.Plan, err = buildPlanView(ctx, q, tr, run, ud)
	return pg, err
}

func (pg *plannerPage) addFunnel(ctx context.Context, q querier, tr translator, run runInfo) error {
	points, err := loadFunnel(ctx, q, run.ID)
	if err != nil {
		return err
	}
	cfg, err := risk.DecodeConfig(run.Config)
	if err != nil {
		return fmt.Errorf("run %s: stored config: %w", run.ID, err)
	}
	f := newFunnel(points, cfg.Reminders)
	if len(points) == 0 {
		if pg.FunnelMissing, err = tr.T("funnel_missing"); err != nil {
			return err
		}
	} else if pg.FunnelNote, err = tr.F("funnel_above", fmtInt(int64(f.NAbove))); err != nil {
		return err
	}
	if f.Adjust {
		note, err := tr.F("funnel_od", f.OD.Method.String(), f.OD.Phi, f.OD.Tau2)
		if err != nil {
			return err
		}
		pg.FunnelNote += " " + note
	}
	pg.Funnel, err = funnelChart(tr, f)
	return err
}

// heatmapChart is the cases of the period per district and domain.
func heatmapChart(ctx context.Context, q querier, tr translator, p Period) (chartView, error) {
	v := chartView{ID: "chart-heatmap", Query: qHeatmapCases}
	type cell struct {
		district, name, domain string
		n                      int64
	}
	var cells []cell
	err := q.each(ctx, qHeatmapCases, p.args(), func(r *sql.Rows) error {
		var c cell
		if err := r.Scan(&c.district, &c.name, &c.domain, &c.n); err != nil {
			return err
		}
		cells = append(cells, c)
		return nil
	})
	if err != nil {
		return v, err
	}
	v.Empty = len(cells) == 0
	if v.Empty {
		return v, nil
	}
	var districts []string
	names := map[string]string{}
	for _, c := range cells {
		if _, ok := names[c.district]; !ok {
			districts = append(districts, c.district)
			names[c.district] = c.name
		}
	}
	sort.Strings(districts)
	domains := model.Domains.Codes()
	col := map[string]int{}
	for i, d := range domains {
		col[d] = i
	}
	row := map[string]int{}
	yLabels := make([]string, len(districts))
	for i, d := range districts {
		row[d] = i
		yLabels[i] = names[d]
	}
	xLabels := make([]string, len(domains))
	for i, d := range domains {
		xLabels[i] = tr.Domain(d)
	}
	var data [][3]int64
	var maxN int64
	for _, c := range cells {
		j, ok := col[c.domain]
		if !ok {
			j = col["other"]
		}
		data = append(data, [3]int64{int64(j), int64(row[c.district]), c.n})
		maxN = max(maxN, c.n)
	}
	label, err := tr.T("col_cases")
	if err != nil {
		return v, err
	}
	v.Height = 140 + 26*len(districts)
	option := map[string]any{
		"animation": false,
		"tooltip":   map[string]any{"position": "top"},
		"grid":      map[string]any{"left": 16, "right": 90, "top": 16, "bottom": 16, "containLabel": true},
		"xAxis":     map[string]any{"type": "category", "data": xLabels, "axisLabel": map[string]any{"rotate": 40, "interval": 0}, "splitArea": map[string]any{"show": true}},
		"yAxis":     map[string]any{"type": "category", "data": yLabels, "inverse": true, "splitArea": map[string]any{"show": true}},
		"visualMap": map[string]any{"min": 0, "max": maxN, "calculable": true, "orient": "vertical", "right": 0, "top": "middle",
			"inRange": map[string]any{"color": []string{"#f7fbff", "#fdd49e", "#ef6548", "#990000"}}},
		"series": []map[string]any{{"name": label, "type": "heatmap", "data": data, "label": map[string]any{"show": true, "fontSize": 10}}},
	}
	v.Option, err = safeJSON(option)
	return v, err
}

// treemapNode is one district or township of the treemap.
type treemapNode struct {
	Name      string         `json:"name"`
	Value     int            `json:"value"`
	Q         string         `json:"q,omitempty"` // the planner search it opens
	ItemStyle map[string]any `json:"itemStyle,omitempty"`
	Children  []*treemapNode `json:"children,omitempty"`
	high      int            // units in the high or elevated band
}

// treemapChart is the hierarchy (district › township) sized by scored
// units and coloured by the share of them in the high or elevated band (a
// mean score would say nothing: scores are percentiles, whose mean is
// about 50 everywhere); a click opens the township in the search above it.
func treemapChart(tr translator, ud *unitData) (chartView, error) {
	v := chartView{ID: "chart-treemap", Query: qUnitIndex, Height: 560, Empty: len(ud.index.Units) == 0}
	if v.Empty {
		return v, nil
	}
	districts := map[string]*treemapNode{}
	towns := map[string]*treemapNode{}
	var roots []*treemapNode
	for _, u := range ud.index.Units {
		d := districts[u.District]
		if d == nil {
			d = &treemapNode{Name: orDash(u.DistrictName), Q: u.District}
			districts[u.District] = d
			roots = append(roots, d)
		}
		key := u.District + "/" + u.Township
		t := towns[key]
		if t == nil {
			name := u.TownshipName
			if name == "" {
				name = d.Name
			}
			t = &treemapNode{Name: name, Q: u.Township}
			towns[key] = t
			d.Children = append(d.Children, t)
		}
		for _, n := range []*treemapNode{d, t} {
			n.Value++
			if u.Band == "high" || u.Band == "elevated" {
				n.high++
			}
		}
	}
	for _, d := range roots {
		colour(d)
		for _, t := range d.Children {
			colour(t)
		}
	}
	sort.Slice(roots, func(a, b int) bool { return roots[a].Value > roots[b].Value })
	name, err := tr.T("units_scored")
	if err != nil {
		return v, err
	}
	option := map[string]any{
		"animation": false,
		"tooltip":   map[string]any{},
		"series": []map[string]any{{
			"type": "treemap", "name": name, "data": roots, "leafDepth": 1, "roam": false,
			"breadcrumb": map[string]any{"show": true},
			"label":      map[string]any{"show": true},
			"upperLabel": map[string]any{"show": true, "height": 22},
			"levels": []map[string]any{
				{"itemStyle": map[string]any{"borderColor": "#fff", "borderWidth": 3, "gapWidth": 3}},
				{"itemStyle": map[string]any{"borderColor": "#fff", "borderWidth": 1, "gapWidth": 1}},
			},
		}},
	}
	v.Option, err = safeJSON(option)
	return v, err
}

// treemapRedShare is the share of units in the high or elevated band
// drawn in full red: twice the city-wide share of those bands (15% by
// default).
const treemapRedShare = 0.3

// colour sets a node's colour from its share of units in the high or
// elevated band: green at none through yellow to red at treemapRedShare,
// and writes the count into its name.
func colour(n *treemapNode) {
	share := float64(n.high) / float64(max(n.Value, 1))
	t := math.Max(0, math.Min(1, share/treemapRedShare))
	var r, g, b float64
	if t < 0.5 {
		r, g, b = 60+2*t*(240-60), 160+2*t*(200-160), 90-2*t*50
	} else {
		r, g, b = 240-2*(t-0.5)*(240-180), 200-2*(t-0.5)*(200-40), 40-2*(t-0.5)*10
	}
	n.ItemStyle = map[string]any{"color": fmt.Sprintf("#%02x%02x%02x", int(r), int(g), int(b))}
	n.Name = fmt.Sprintf("%s (%d/%d)", n.Name, n.high, n.Value)
}
