package dashboards

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// scanView is the planner page's map of the case clusters: every unit on
// its longitude and latitude, the significant clusters' circles, and a
// table of the clusters.
type scanView struct {
	Chart    chartView
	Note     string
	Clusters []scanClusterView
}

// scanClusterView is one significant cluster's row.
type scanClusterView struct {
	N                                  int
	Centre                             unitRefView
	Radius, Units, Cases, Expected, RR string
	P                                  string
}

type scanPoint struct {
	UnitID, Name string
	Lon, Lat     sql.NullFloat64
	Cluster      sql.NullInt64
	Credited     bool
}

type scanCluster struct {
	N                      int
	Centre                 string
	Lon, Lat, Radius       sql.NullFloat64
	Units                  int64
	Cases, Expected, RR, P float64
}

// circlePoints is how many points draw a cluster's circle.
const circlePoints = 72

func buildScanView(ctx context.Context, q querier, tr translator, run runInfo, ud *unitData) (scanView, error) {
	var v scanView
	var points []scanPoint
	err := q.each(ctx, qScanPoints, []any{run.ID}, func(r *sql.Rows) error {
		var p scanPoint
		if err := r.Scan(&p.UnitID, &p.Name, &p.Lon, &p.Lat, &p.Cluster, &p.Credited); err != nil {
			return err
		}
		points = append(points, p)
		return nil
	})
	if err != nil {
		return v, err
	}
	var clusters []scanCluster
	err = q.each(ctx, qScanClusters, []any{run.ID}, func(r *sql.Rows) error {
		var c scanCluster
		if err := r.Scan(&c.N, &c.Centre, &c.Lon, &c.Lat, &c.Radius, &c.Units, &c.Cases, &c.Expected, &c.RR, &c.P); err != nil {
			return err
		}
		clusters = append(clusters, c)
		return nil
	})
	if err != nil {
		return v, err
	}
	var located, credited int64
	for _, p := range points {
		if p.Lon.Valid && p.Lat.Valid {
			located++
		}
		if p.Credited {
			credited++
		}
	}
	if v.Note, err = tr.F("scan_note", fmtInt(int64(len(clusters))), fmtInt(credited), fmtInt(located),
		fmtInt(int64(len(points))-located)); err != nil {
		return v, err
	}
	for _, c := range clusters {
		v.Clusters = append(v.Clusters, scanClusterView{N: c.N, Centre: ud.ref(c.Centre),
			Radius: fmt.Sprintf("%.1f", c.Radius.Float64), Units: fmtInt(c.Units), Cases: fmt.Sprintf("%.0f", c.Cases),
			Expected: fmt.Sprintf("%.1f", c.Expected), RR: fmt.Sprintf("%.2f", c.RR), P: fmt.Sprintf("%.3f", c.P)})
	}
	v.Chart, err = scanChart(tr, points, clusters)
	return v, err
}

// scanChart draws the units on their coordinates (grey), the units of
// significant clusters (orange, red where cases_cluster credited them)
// and each cluster's circle.
func scanChart(tr translator, points []scanPoint, clusters []scanCluster) (chartView, error) {
	v := chartView{ID: "chart-scan", Query: qScanPoints, Height: 560}
	names, err := tr.labels("axis_lon", "axis_lat", "series_scan_units", "series_scan_member", "series_scan_credited", "series_scan_circle")
	if err != nil {
		return v, err
	}
	var plain, member, credited []opts.ScatterData
	var plainIDs, memberIDs, creditedIDs []string
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range points {
		if !p.Lon.Valid || !p.Lat.Valid {
			continue
		}
		x, y := p.Lon.Float64, p.Lat.Float64
		minX, maxX, minY, maxY = math.Min(minX, x), math.Max(maxX, x), math.Min(minY, y), math.Max(maxY, y)
		d := opts.ScatterData{Name: p.Name + " " + p.UnitID, Value: []float64{roundTo(x, 5), roundTo(y, 5)}}
		switch {
		case p.Credited:
			credited, creditedIDs = append(credited, d), append(creditedIDs, p.UnitID)
		case p.Cluster.Valid:
			member, memberIDs = append(member, d), append(memberIDs, p.UnitID)
		default:
			plain, plainIDs = append(plain, d), append(plainIDs, p.UnitID)
		}
	}
	v.Empty = math.IsInf(minX, 1)
	if v.Empty {
		return v, nil
	}
	// a margin, axis ends on tenths of a degree, and no label at the ends
	// (they need not fall on the axis' own steps, and would crowd them)
	padX, padY := (maxX-minX)*0.03+0.01, (maxY-minY)*0.03+0.01
	inner := &opts.AxisLabel{ShowMinLabel: opts.Bool(false), ShowMaxLabel: opts.Bool(false)}
	line := charts.NewLine()
	line.SetGlobalOptions(commonOpts("item", "36")...)
	line.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: names["axis_lon"], NameLocation: "middle", NameGap: 28,
			Min: math.Floor((minX-padX)*10) / 10, Max: math.Ceil((maxX+padX)*10) / 10, SplitLine: &opts.SplitLine{Show: opts.Bool(false)},
			AxisLabel: inner}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: names["axis_lat"],
			Min: math.Floor((minY-padY)*10) / 10, Max: math.Ceil((maxY+padY)*10) / 10, SplitLine: &opts.SplitLine{Show: opts.Bool(false)},
			AxisLabel: inner}),
	)
	for _, c := range clusters {
		if !c.Lon.Valid || !c.Lat.Valid {
			continue
		}
		line.AddSeries(names["series_scan_circle"], circle(c.Lon.Float64, c.Lat.Float64, math.Max(c.Radius.Float64, 0.3)),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: "#c0392b", Width: 1.5}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: "#c0392b"}))
	}
	sc := charts.NewScatter()
	sc.AddSeries(names["series_scan_units"], plain, charts.WithScatterChartOpts(opts.ScatterChart{SymbolSize: 3}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#9aa5b1", Opacity: opts.Float(0.6)}))
	sc.AddSeries(names["series_scan_member"], member, charts.WithScatterChartOpts(opts.ScatterChart{SymbolSize: 5}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#e6a23c"}))
	sc.AddSeries(names["series_scan_credited"], credited, charts.WithScatterChartOpts(opts.ScatterChart{SymbolSize: 7}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#d7191c"}))
	line.Overlap(sc)
	v.Option, err = optionJSONUnits(line, map[string][]string{names["series_scan_units"]: plainIDs,
		names["series_scan_member"]: memberIDs, names["series_scan_credited"]: creditedIDs})
	return v, err
}

// circle returns the points of a circle of radius km around (lon, lat) in
// degrees: a degree of latitude is 110.57 km, one of longitude 111.32 km
// times the cosine of the latitude (close enough at a city's scale).
func circle(lon, lat, km float64) []opts.LineData {
	dx := km / (111.32 * math.Cos(lat*math.Pi/180))
	dy := km / 110.57
	out := make([]opts.LineData, 0, circlePoints+1)
	for k := 0; k <= circlePoints; k++ {
		a := 2 * math.Pi * float64(k) / circlePoints
		out = append(out, opts.LineData{Value: []float64{roundTo(lon+dx*math.Cos(a), 5), roundTo(lat+dy*math.Sin(a), 5)}})
	}
	return out
}
