package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/microrisk/microrisk/ingest/column"
	"github.com/microrisk/microrisk/ingest/normalize"
	"github.com/microrisk/microrisk/risk/scan"
)

func init() {
	register(command{
		name:    "scan",
		summary: "Kulldorff's Poisson scan statistic on a CSV or XLSX file: spatial or space–time clusters of high incidence",
		run:     runScan,
	})
}

// scanFlags are the scan command's options.
type scanFlags struct {
	cases, population, expected, lat, lon, x, y, id, sheet string
	timeCol, period                                        string
	maxPop, maxTime, alpha, maxRadius                      float64
	reps, minCases, maxList, minLocs                       int
	seed                                                   uint64
	spaceTime, prospective, json                           bool
}

// runScan is `microrisk scan FILE --cases C --population C --lat C --lon C
// [--max-pop 0.1] [--reps 999] [--seed N] [--time C --space-time]
// [--json]`.
func runScan(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "scan")
	f := scanFlags{}
	def := scan.DefaultConfig()
	fs.StringVar(&f.cases, "cases", "", "`column` of case counts (required; an empty cell is 0)")
	fs.StringVar(&f.population, "population", "", "`column` of the population at risk (this or --expected is required)")
	fs.StringVar(&f.expected, "expected", "", "`column` of expected cases, instead of --population (e.g. indirectly standardised)")
	fs.StringVar(&f.lat, "lat", "", "`column` of latitudes (degrees; distances are great-circle)")
	fs.StringVar(&f.lon, "lon", "", "`column` of longitudes (degrees)")
	fs.StringVar(&f.x, "x", "", "`column` of planar x, instead of --lat/--lon (Euclidean distances)")
	fs.StringVar(&f.y, "y", "", "`column` of planar y")
	fs.StringVar(&f.id, "id", "", "`column` naming each location; rows with the same id are one location, their cases summed (required with --space-time)")
	fs.StringVar(&f.sheet, "sheet", "", "XLSX `sheet` (default the first)")
	fs.Float64Var(&f.maxPop, "max-pop", def.MaxShare, "largest window as a `share` of the total population (SaTScan's default is 0.5)")
	fs.Float64Var(&f.maxRadius, "max-radius", 0, "largest window `radius` as well: kilometres with --lat/--lon, the coordinates' unit with --x/--y (0: no limit)")
	fs.IntVar(&f.minLocs, "min-locations", 0, "fewest `locations` a window may hold (0: any; 2: clusters of neighbours only)")
	fs.IntVar(&f.reps, "reps", def.Reps, "Monte Carlo `replicates`")
	fs.Uint64Var(&f.seed, "seed", def.Seed, "random `seed` of the replicates")
	fs.IntVar(&f.minCases, "min-cases", def.MinCases, "fewest `cases` a cluster may hold")
	fs.Float64Var(&f.alpha, "alpha", 0.05, "list clusters with p ≤ `alpha` (1 lists every non-overlapping one; the most likely is always listed)")
	fs.IntVar(&f.maxList, "max-clusters", 0, "list at most `n` clusters (0: no limit)")
	fs.StringVar(&f.timeCol, "time", "", "`column` of each row's period, for --space-time: whole numbers, YYYY-MM months or dates (taken by month)")
	fs.BoolVar(&f.spaceTime, "space-time", false, "space–time scan: circles × intervals of periods, retrospective (any interval)")
	fs.BoolVar(&f.prospective, "prospective", false, "space–time: only intervals ending in the last period")
	fs.Float64Var(&f.maxTime, "max-time", def.MaxTimeShare, "space–time: longest interval as a `share` of the study period")
	fs.StringVar(&f.period, "period", "auto", "space–time: `kind` of the --time values: auto, integer or month (month reads numbers as Excel dates)")
	fs.BoolVar(&f.json, "json", false, "print the result as JSON")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: microrisk scan FILE --cases C (--population C | --expected C) (--lat C --lon C | --x C --y C) [--id C]")
		fmt.Fprintln(fs.Output(), "                      [--max-pop 0.1] [--reps 999] [--seed N] [--time C --space-time [--prospective]] [--json]")
		fmt.Fprintln(fs.Output(), "\nKulldorff's scan statistic, discrete Poisson model, high rates, as SaTScan computes it: circles around each")
		fmt.Fprintln(fs.Output(), "location up to --max-pop of the population (× intervals of periods with --space-time); the most likely cluster")
		fmt.Fprintln(fs.Output(), "and the secondary ones sharing no location with it, each with its LLR, relative risk and Monte Carlo p-value.")
		fmt.Fprintln(fs.Output(), "Locations with no coordinates or no population are left out and counted.\n\nflags:")
		fs.PrintDefaults()
	}
	c := addCommon(fs)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	cfg, err := scanConfig(files, f)
	if err != nil {
		return err
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := readScanData(files[0], f)
	if err != nil {
		return err
	}
	var res scan.Result
	if f.spaceTime {
		res, err = scan.SpaceTime(data.st, data.size, data.weights, data.at, cfg)
	} else {
		res, err = scan.Spatial(data.cases, data.size, data.at, cfg)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	out := scanOutput(files[0], f, cfg, data, res)
	if f.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printScan(e.stdout, out)
	return nil
}

func scanConfig(files []string, f scanFlags) (scan.Config, error) {
	cfg := scan.DefaultConfig()
	cfg.MaxShare, cfg.Reps, cfg.Seed, cfg.MinCases = f.maxPop, f.reps, f.seed, f.minCases
	cfg.MaxRadius, cfg.MinLocations = f.maxRadius, f.minLocs
	cfg.MaxTimeShare, cfg.Prospective = f.maxTime, f.prospective
	bad := func(format string, a ...any) error { return usageError{fmt.Errorf("scan: "+format, a...)} }
	switch {
	case len(files) == 0:
		return cfg, bad("no FILE given")
	case len(files) > 1:
		return cfg, bad("one FILE at a time, got %d", len(files))
	case f.cases == "":
		return cfg, bad("--cases is required")
	case (f.population == "") == (f.expected == ""):
		return cfg, bad("give --population or --expected (one of them)")
	case f.x != "" || f.y != "":
		if f.x == "" || f.y == "" || f.lat != "" || f.lon != "" {
			return cfg, bad("give --x and --y, or --lat and --lon")
		}
		cfg.Geometry = scan.Planar
	case f.lat == "" || f.lon == "":
		return cfg, bad("--lat and --lon (or --x and --y) are required")
	}
	switch {
	case f.spaceTime && (f.timeCol == "" || f.id == ""):
		return cfg, bad("--space-time needs --time C and --id C")
	case !f.spaceTime && (f.timeCol != "" || f.prospective):
		return cfg, bad("--time and --prospective need --space-time")
	case f.period != "auto" && f.period != "integer" && f.period != "month":
		return cfg, bad("--period must be auto, integer or month, not %q", f.period)
	case !(f.alpha > 0 && f.alpha <= 1):
		return cfg, bad("--alpha %v outside (0, 1]", f.alpha)
	case f.maxList < 0:
		return cfg, bad("--max-clusters must not be negative")
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageError{err}
	}
	return cfg, nil
}

// scanData is the file turned into locations.
type scanData struct {
	ids     []string
	rows    []int // first row of each location
	at      []scan.Point
	pop     []float64 // population or expected, as given
	size    []float64 // the same, 0 where missing
	cases   []float64
	st      [][]float64 // cases by period (space–time)
	periods []string
	weights []float64
	// emptyCases counts empty cases cells read as 0.
	emptyCases int
}

// Columns of the statTable read for a scan.
const (
	scCases = iota
	scSize
	scA // latitude or x
	scB // longitude or y
	scID
	scTime
)

func readScanData(path string, f scanFlags) (scanData, error) {
	sizeCol := f.population
	if sizeCol == "" {
		sizeCol = f.expected
	}
	a, b := f.lat, f.lon
	if f.x != "" {
		a, b = f.x, f.y
	}
	tb, err := readStatTable(path, f.sheet, []string{f.cases, sizeCol, a, b, f.id, f.timeCol})
	if err != nil {
		return scanData{}, err
	}
	var d scanData
	at := map[string]int{}
	type cell struct {
		loc    int
		period string
		cases  float64
	}
	var cells []cell
	for r := range tb.rows {
		id := strconv.Itoa(tb.line[r])
		if f.id != "" {
			if id = tb.text(r, scID); id == "" {
				return scanData{}, &cellError{File: path, Row: tb.line[r], Column: tb.headers[scID], Err: errEmptyCell}
			}
		}
		cs, err := tb.optional(r, scCases)
		if err != nil {
			return scanData{}, err
		}
		if math.IsNaN(cs) {
			d.emptyCases++
			cs = 0
		}
		if cs < 0 || cs != math.Trunc(cs) {
			return scanData{}, &cellError{File: path, Row: tb.line[r], Column: tb.headers[scCases], Value: tb.rows[r][scCases], Err: errors.New("cases must be a whole number, not negative")}
		}
		var v [3]float64 // size, a, b: NaN where empty
		for k, col := range []int{scSize, scA, scB} {
			if v[k], err = tb.optional(r, col); err != nil {
				return scanData{}, err
			}
		}
		if v[0] < 0 {
			return scanData{}, &cellError{File: path, Row: tb.line[r], Column: tb.headers[scSize], Value: tb.rows[r][scSize], Err: errors.New("cannot be negative")}
		}
		loc, seen := at[id]
		if !seen {
			loc = len(d.ids)
			at[id] = loc
			d.ids = append(d.ids, id)
			d.rows = append(d.rows, tb.line[r])
			d.pop = append(d.pop, v[0])
			d.at = append(d.at, scan.Point{X: math.NaN(), Y: math.NaN()})
			d.cases = append(d.cases, 0)
		} else if err := agree(tb, r, d.pop[loc], v[0], scSize, d.rows[loc]); err != nil {
			return scanData{}, err
		}
		p := &d.at[loc]
		x, y := v[2], v[1] // longitude (x), latitude (y)
		if f.x != "" {
			x, y = v[1], v[2]
		}
		if seen && !math.IsNaN(p.X) && !math.IsNaN(x) && (p.X != x || p.Y != y) {
			return scanData{}, &cellError{File: path, Row: tb.line[r], Column: tb.headers[scA], Value: tb.rows[r][scA],
				Err: fmt.Errorf("location %s has other coordinates on row %d", id, d.rows[loc])}
		}
		if math.IsNaN(p.X) && !math.IsNaN(x) && !math.IsNaN(y) {
			*p = scan.Point{X: x, Y: y}
		}
		if math.IsNaN(d.pop[loc]) {
			d.pop[loc] = v[0]
		}
		d.cases[loc] += cs
		if f.spaceTime {
			cells = append(cells, cell{loc, tb.text(r, scTime), cs})
		}
	}
	d.size = make([]float64, len(d.pop))
	for i, v := range d.pop {
		if !math.IsNaN(v) {
			d.size[i] = v
		}
	}
	if !f.spaceTime {
		return d, nil
	}
	labels := make([]string, len(cells))
	for i, c := range cells {
		labels[i] = c.period
	}
	index, periods, weights, err := parsePeriods(labels, f.period)
	if err != nil {
		return scanData{}, fmt.Errorf("%s, column %q: %w", filepath.Base(path), tb.headers[scTime], err)
	}
	d.periods, d.weights = periods, weights
	d.st = make([][]float64, len(d.ids))
	for i := range d.st {
		d.st[i] = make([]float64, len(periods))
	}
	for i, c := range cells {
		d.st[c.loc][index[i]] += c.cases
	}
	return d, nil
}

// optional reads column k of row r as a number, NaN when empty.
func (tb statTable) optional(r, k int) (float64, error) {
	v, err := tb.number(r, k)
	if errors.Is(err, errEmptyCell) {
		return math.NaN(), nil
	}
	return v, err
}

// agree checks that a location's population is the same on every row.
func agree(tb statTable, r int, had, now float64, k, first int) error {
	if math.IsNaN(had) || math.IsNaN(now) || had == now {
		return nil
	}
	return &cellError{File: tb.path, Row: tb.line[r], Column: tb.headers[k], Value: tb.rows[r][k],
		Err: fmt.Errorf("the location has %v on row %d: the population is taken as constant over the study period", had, first)}
}

var (
	monthPattern = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$`)
	yyyymm       = regexp.MustCompile(`^(\d{4})(\d{2})$`)
)

// parsePeriods maps each row's period label to a period index and lists
// the periods from the first to the last (with none missing between them)
// with their weights: whole numbers are periods of equal length; months
// (YYYY-MM, YYYYMM, or dates taken by their month) weigh their days. In
// auto mode the labels are whole numbers unless one is not, or all are
// YYYYMM months (201601 … 201712, whose gaps 201613 … 201700 are no
// periods).
func parsePeriods(labels []string, kind string) (index []int, periods []string, weights []float64, err error) {
	if kind == "auto" {
		kind = "integer"
		months := len(labels) > 0
		for _, s := range labels {
			if _, err := normalize.ParseInt(s); err != nil {
				kind = "month"
				break
			}
			if m := yyyymm.FindStringSubmatch(normalize.Text(s)); m == nil || m[2] < "01" || m[2] > "12" {
				months = false
			}
		}
		if months {
			kind = "month"
		}
	}
	index = make([]int, len(labels))
	keys := make([]int, len(labels))
	lo, hi := math.MaxInt, math.MinInt
	for i, s := range labels {
		var k int
		if kind == "integer" {
			v, err := normalize.ParseInt(s)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("period %q is not a whole number", s)
			}
			k = int(v)
		} else if k, err = monthKey(s); err != nil {
			return nil, nil, nil, err
		}
		keys[i] = k
		lo, hi = min(lo, k), max(hi, k)
	}
	if len(labels) == 0 {
		return index, nil, nil, nil
	}
	if hi-lo >= 10000 {
		return nil, nil, nil, fmt.Errorf("periods from %s to %s: more than 10,000 of them", labelOf(lo, kind), labelOf(hi, kind))
	}
	for k := lo; k <= hi; k++ {
		periods = append(periods, labelOf(k, kind))
		w := 1.0
		if kind == "month" {
			y, m := k/12, time.Month(k%12+1)
			w = float64(time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day())
		}
		weights = append(weights, w)
	}
	for i, k := range keys {
		index[i] = k - lo
	}
	return index, periods, weights, nil
}

// monthKey returns year·12 + month − 1 for a YYYY-MM or YYYYMM month, a
// date, or an Excel serial date.
func monthKey(s string) (int, error) {
	s = normalize.Text(s)
	m := monthPattern.FindStringSubmatch(s)
	if m == nil {
		m = yyyymm.FindStringSubmatch(s)
	}
	if m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo >= 1 && mo <= 12 {
			return y*12 + mo - 1, nil
		}
	}
	t, err := normalize.ParseDate(s)
	if err != nil {
		if v, nerr := column.ParseNumber(s, false); nerr == nil {
			t, err = normalize.ExcelSerialDate(v, false)
		}
	}
	if err != nil {
		return 0, fmt.Errorf("period %q is neither a month (YYYY-MM) nor a date", s)
	}
	return t.Year()*12 + int(t.Month()) - 1, nil
}

func labelOf(k int, kind string) string {
	if kind == "month" {
		return fmt.Sprintf("%04d-%02d", k/12, k%12+1)
	}
	return strconv.Itoa(k)
}

// scanClusterJSON is one cluster as the command reports it.
type scanClusterJSON struct {
	Rank       int
	Centre     string
	Lat, Lon   *float64 `json:",omitempty"`
	X, Y       *float64 `json:",omitempty"`
	Radius     float64
	RadiusUnit string
	Start, End string `json:",omitempty"`
	Locations  []string
	Population float64
	Cases      float64
	Expected   float64
	ObsExp     float64
	// RR is null when every case is inside the cluster.
	RR  *float64
	LLR float64
	P   float64
}

// scanJSON is what the scan command reports.
type scanJSON struct {
	File          string
	Analysis      string // "purely spatial", "space–time (retrospective)", …
	Geometry      string
	MaxShare      float64
	MaxRadius     float64 `json:",omitempty"`
	MinLocations  int     `json:",omitempty"`
	MinCases      int
	Reps          int
	Seed          uint64
	Periods       []string `json:",omitempty"`
	MaxTimeShare  float64  `json:",omitempty"`
	Locations     int      // analysed
	Cases         float64  // analysed
	Population    float64  // analysed (or expected cases, with --expected)
	Windows       int
	Missing       []string // left out: no coordinates
	NoPopulation  []string // left out: population (or expected) empty or 0
	LeftOutCases  float64
	EmptyCases    int      // empty cases cells read as 0
	Critical05    *float64 // LLR a most likely cluster must exceed at p ≤ 0.05 (null below 19 replicates)
	Abstain       string   `json:",omitempty"`
	Alpha         float64
	Clusters      []scanClusterJSON
	OtherClusters int // non-overlapping clusters with p > alpha, not listed
	populationCol string
}

func scanOutput(path string, f scanFlags, cfg scan.Config, d scanData, res scan.Result) scanJSON {
	out := scanJSON{File: path, Analysis: "purely spatial", Geometry: cfg.Geometry.String(), MaxShare: cfg.MaxShare, MaxRadius: cfg.MaxRadius, MinLocations: cfg.MinLocations,
		MinCases: cfg.MinCases, Reps: cfg.Reps, Seed: cfg.Seed, Locations: res.Locations, Cases: res.Cases,
		Windows: res.Windows, LeftOutCases: res.LeftOutCases, EmptyCases: d.emptyCases, Alpha: f.alpha,
		Missing: []string{}, NoPopulation: []string{}, Clusters: []scanClusterJSON{}, populationCol: "population"}
	if f.expected != "" {
		out.populationCol = "expected"
	}
	if f.spaceTime {
		out.Analysis = "space–time (retrospective)"
		if cfg.Prospective {
			out.Analysis = "space–time (prospective)"
		}
		out.Periods, out.MaxTimeShare = d.periods, cfg.MaxTimeShare
	}
	if res.Abstain != nil {
		out.Abstain = strings.TrimPrefix(res.Abstain.Error(), "scan: ")
	}
	if v := res.Critical(0.05); !math.IsInf(v, 0) {
		out.Critical05 = &v
	}
	for _, i := range res.Missing {
		out.Missing = append(out.Missing, d.ids[i])
	}
	for _, i := range res.NoExposure {
		out.NoPopulation = append(out.NoPopulation, d.ids[i])
	}
	left := map[string]bool{}
	for _, id := range append(append([]string{}, out.Missing...), out.NoPopulation...) {
		left[id] = true
	}
	for i, id := range d.ids {
		if !left[id] {
			out.Population += d.size[i]
		}
	}
	for k, c := range res.Clusters {
		if (k > 0 && c.P > f.alpha) || (f.maxList > 0 && len(out.Clusters) == f.maxList) {
			out.OtherClusters++
			continue
		}
		out.Clusters = append(out.Clusters, clusterJSON(k+1, c, f, d))
	}
	return out
}

func clusterJSON(rank int, c scan.Cluster, f scanFlags, d scanData) scanClusterJSON {
	p := d.at[c.Centre]
	cj := scanClusterJSON{Rank: rank, Centre: d.ids[c.Centre], Radius: c.Radius, RadiusUnit: "km", Cases: c.Cases,
		Expected: c.Expected, ObsExp: c.Cases / c.Expected, LLR: c.LLR, P: c.P}
	if f.x != "" {
		cj.X, cj.Y, cj.RadiusUnit = &p.X, &p.Y, "coordinate units"
	} else {
		cj.Lat, cj.Lon = &p.Y, &p.X
	}
	if !math.IsInf(c.RR, 0) {
		cj.RR = &c.RR
	}
	if c.Start >= 0 {
		cj.Start, cj.End = d.periods[c.Start], d.periods[c.End]
	}
	for _, j := range c.Locations {
		cj.Locations = append(cj.Locations, d.ids[j])
		cj.Population += d.size[j]
	}
	return cj
}

func printScan(w io.Writer, o scanJSON) {
	fmt.Fprintf(w, "%s: %s scan, discrete Poisson model, high rates (%s coordinates)\n", filepath.Base(o.File), o.Analysis, o.Geometry)
	fmt.Fprintf(w, "  locations analysed  %d, %s %.10g, cases %.10g\n", o.Locations, o.populationCol, o.Population, o.Cases)
	if len(o.Periods) > 0 {
		fmt.Fprintf(w, "  periods             %d, %s to %s; intervals up to %.0f%% of them\n", len(o.Periods), o.Periods[0], o.Periods[len(o.Periods)-1], 100*o.MaxTimeShare)
	}
	if n := len(o.Missing) + len(o.NoPopulation); n > 0 {
		fmt.Fprintf(w, "  left out            %d locations without coordinates, %d without %s (%.10g cases)%s\n",
			len(o.Missing), len(o.NoPopulation), o.populationCol, o.LeftOutCases, firstIDs(append(append([]string{}, o.Missing...), o.NoPopulation...)))
	}
	if o.EmptyCases > 0 {
		fmt.Fprintf(w, "  empty cases cells   %d, read as 0\n", o.EmptyCases)
	}
	radius := ""
	if o.MaxRadius > 0 {
		unit := " km"
		if o.Geometry == scan.Planar.String() {
			unit = ""
		}
		radius = fmt.Sprintf(" and %g%s of radius", o.MaxRadius, unit)
	}
	if o.MinLocations > 1 {
		radius += fmt.Sprintf(", of at least %d locations", o.MinLocations)
	}
	fmt.Fprintf(w, "  windows             %d circles up to %.0f%% of the %s%s, at least %d cases\n", o.Windows, 100*o.MaxShare, o.populationCol, radius, o.MinCases)
	crit := "none below 19 replicates"
	if o.Critical05 != nil {
		crit = fmt.Sprintf("%.4f", *o.Critical05)
	}
	fmt.Fprintf(w, "  replicates          %d (seed %d); critical LLR at 0.05: %s\n", o.Reps, o.Seed, crit)
	if o.Abstain != "" {
		fmt.Fprintf(w, "\nNo scan: %s.\n", o.Abstain)
		return
	}
	if len(o.Clusters) == 0 {
		fmt.Fprintf(w, "\nNo window holds more cases than expected and at least %d cases.\n", o.MinCases)
	}
	for _, c := range o.Clusters {
		fmt.Fprintf(w, "\n%d. centre %s", c.Rank, c.Centre)
		if c.Lat != nil {
			fmt.Fprintf(w, " (%s, %s), radius %.2f km", hemisphere(*c.Lat, "N", "S"), hemisphere(*c.Lon, "E", "W"), c.Radius)
		} else {
			fmt.Fprintf(w, " (%.6g, %.6g), radius %.4g", *c.X, *c.Y, c.Radius)
		}
		if c.Start != "" {
			fmt.Fprintf(w, ", periods %s to %s", c.Start, c.End)
		}
		fmt.Fprintf(w, "\n   %-18s %s\n", fmt.Sprintf("locations (%d)", len(c.Locations)), strings.Join(c.Locations, ", "))
		rr := "∞ (every case is inside)"
		if c.RR != nil {
			rr = fmt.Sprintf("%.2f", *c.RR)
		}
		fmt.Fprintf(w, "   %-18s %.10g\n   cases              %.10g\n   expected           %.2f\n   observed/expected  %.2f\n   relative risk      %s\n   LLR                %.6f\n   p-value            %.4g\n",
			o.populationCol, c.Population, c.Cases, c.Expected, c.ObsExp, rr, c.LLR, c.P)
	}
	if o.OtherClusters > 0 {
		fmt.Fprintf(w, "\n%d further non-overlapping clusters with p > %g are not listed (--alpha 1 lists them).\n", o.OtherClusters, o.Alpha)
	}
}

// hemisphere writes a latitude or longitude as SaTScan does: 42.083800 N.
func hemisphere(v float64, pos, neg string) string {
	if v < 0 {
		return fmt.Sprintf("%.6f %s", -v, neg)
	}
	return fmt.Sprintf("%.6f %s", v, pos)
}

func firstIDs(ids []string) string {
	const show = 10
	if len(ids) == 0 {
		return ""
	}
	s := ": " + strings.Join(ids[:min(show, len(ids))], ", ")
	if len(ids) > show {
		s += fmt.Sprintf(", … (%d more; --json lists all)", len(ids)-show)
	}
	return s
}
