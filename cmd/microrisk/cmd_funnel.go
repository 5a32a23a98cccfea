package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/microrisk/microrisk/risk/stats"
)

func init() {
	register(command{
		name:    "funnel",
		summary: "funnel plot of observed against expected counts in a CSV or XLSX file: limits, z, outliers, overdispersion",
		run:     runFunnel,
	})
}

// funnelFlags are the funnel command's options.
type funnelFlags struct {
	observed, expected, id, group, sheet, method, limit string
	trim                                                float64
	all, json                                           bool
}

// funnelMethods are the --method values: how limits are drawn.
var funnelMethods = map[string]string{
	"none":          "exact Poisson limits, no overdispersion (Spiegelhalter 2005)",
	"shmi":          "SHMI: log scale, 10% truncated, additive random effect τ² (FunnelPlotR's default)",
	"cqc":           "CQC: square-root scale, 10% winsorised, additive random effect τ² (FunnelPlotR's \"CQC\")",
	"spiegelhalter": "square-root scale, 10% winsorised, multiplicative φ (Spiegelhalter 2005)",
}

// runFunnel is `microrisk funnel FILE --observed C --expected C [--id C |
// --group C] [--method none|shmi|cqc|spiegelhalter] [--limit 95|99.8]
// [--json]`.
func runFunnel(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "funnel")
	var f funnelFlags
	fs.StringVar(&f.observed, "observed", "", "`column` of observed counts O (required)")
	fs.StringVar(&f.expected, "expected", "", "`column` of expected counts E (required)")
	fs.StringVar(&f.id, "id", "", "`column` naming each row's unit (default: the row number)")
	fs.StringVar(&f.group, "group", "", "`column` to sum O and E by before plotting (record-level files); names the units")
	fs.StringVar(&f.sheet, "sheet", "", "XLSX `sheet` (default the first)")
	fs.StringVar(&f.method, "method", "shmi", "`method`: none, shmi, cqc or spiegelhalter")
	fs.StringVar(&f.limit, "limit", "99.8", "`coverage` of the limits that flag outliers: 95 or 99.8")
	fs.Float64Var(&f.trim, "trim", stats.DefaultTrim, "`share` truncated (shmi) or winsorised (cqc, spiegelhalter) at each end before φ is estimated")
	fs.BoolVar(&f.all, "all", false, "list every unit, not only the outliers")
	fs.BoolVar(&f.json, "json", false, "print every unit and the fit as JSON")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: microrisk funnel FILE --observed C --expected C [--id C | --group C] [--method none|shmi|cqc|spiegelhalter] [--limit 95|99.8] [--json]")
		fmt.Fprintln(fs.Output(), "\nEach row (or group) is a unit with O observed and E expected events; O/E is judged against funnel limits")
		fmt.Fprintln(fs.Output(), "at its E, as FunnelPlotR draws them for standardised ratios. Methods:")
		for _, m := range []string{"none", "shmi", "cqc", "spiegelhalter"} {
			fmt.Fprintf(fs.Output(), "  %-13s %s\n", m, funnelMethods[m])
		}
		fmt.Fprintln(fs.Output(), "With τ² = 0 the shmi and cqc limits are the exact Poisson ones, as in FunnelPlotR.\n\nflags:")
		fs.PrintDefaults()
	}
	c := addCommon(fs)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	cov, err := checkFunnelFlags(files, f)
	if err != nil {
		return err
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	units, err := readFunnelUnits(files[0], f)
	if err != nil {
		return err
	}
	fit := fitFunnel(units, f.method, f.trim, cov)
	if f.json {
		return printFunnelJSON(e.stdout, files[0], f, fit)
	}
	printFunnel(e.stdout, files[0], f, fit)
	return nil
}

func checkFunnelFlags(files []string, f funnelFlags) (float64, error) {
	switch {
	case len(files) == 0:
		return 0, usageError{errors.New("funnel: no FILE given")}
	case len(files) > 1:
		return 0, usageError{fmt.Errorf("funnel: one FILE at a time, got %d", len(files))}
	case f.observed == "" || f.expected == "":
		return 0, usageError{errors.New("funnel: --observed and --expected are required")}
	case f.id != "" && f.group != "":
		return 0, usageError{errors.New("funnel: give --id or --group, not both")}
	case funnelMethods[f.method] == "":
		return 0, usageError{fmt.Errorf("funnel: --method must be none, shmi, cqc or spiegelhalter, not %q", f.method)}
	case !(f.trim >= 0 && f.trim < 0.5):
		return 0, usageError{fmt.Errorf("funnel: --trim %v outside [0, 0.5)", f.trim)}
	}
	switch f.limit {
	case "95":
		return stats.Coverage95, nil
	case "99.8", "99":
		return stats.Coverage998, nil
	}
	return 0, usageError{fmt.Errorf("funnel: --limit must be 95 or 99.8, not %q", f.limit)}
}

// funnelUnit is one row or group: its name, the first row it came from,
// and its counts.
type funnelUnit struct {
	ID                 string
	Row                int
	Rows               int `json:",omitempty"`
	Observed, Expected float64
}

// readFunnelUnits reads O and E per row, or sums them per --group. A
// missing or unreadable cell, or a negative count, is an error naming the
// row.
func readFunnelUnits(path string, f funnelFlags) ([]funnelUnit, error) {
	key := f.id
	if f.group != "" {
		key = f.group
	}
	tb, err := readStatTable(path, f.sheet, []string{f.observed, f.expected, key})
	if err != nil {
		return nil, err
	}
	var units []funnelUnit
	at := map[string]int{}
	for r := range tb.rows {
		var v [2]float64
		for k := range v {
			if v[k], err = tb.number(r, k); err != nil {
				return nil, err
			}
			if v[k] < 0 {
				return nil, &cellError{File: path, Row: tb.line[r], Column: tb.headers[k], Value: tb.rows[r][k], Err: errors.New("a count cannot be negative")}
			}
		}
		name := strconv.Itoa(tb.line[r])
		if key != "" {
			if name = tb.text(r, 2); name == "" {
				return nil, &cellError{File: path, Row: tb.line[r], Column: tb.headers[2], Err: errEmptyCell}
			}
		}
		if i, ok := at[name]; ok && f.group != "" {
			units[i].Observed += v[0]
			units[i].Expected += v[1]
			units[i].Rows++
			continue
		}
		at[name] = len(units)
		units = append(units, funnelUnit{ID: name, Row: tb.line[r], Rows: 1, Observed: v[0], Expected: v[1]})
	}
	if f.group == "" {
		for i := range units {
			units[i].Rows = 0
		}
	}
	return units, nil
}

// funnelRow is one unit's place in the funnel.
type funnelRow struct {
	funnelUnit
	// Ratio is O/E (null when E = 0); Z the method's z-score (exact
	// Poisson mid-p z for none).
	Ratio *float64
	Z     float64
	// Lower and Upper are the limits at the chosen coverage; the others
	// at both coverages (null when open: E = 0).
	Lower, Upper                         *float64
	Lower95, Upper95, Lower998, Upper998 *float64
	// Outlier is "high", "low" or "" at the chosen coverage.
	Outlier string
}

// funnelFit is the whole plot.
type funnelFit struct {
	Method   string
	Coverage float64
	// Phi and Tau2 are the overdispersion estimates of the method's scale
	// (SHMI's log scale for none, for reference), N the units they used.
	Phi, Tau2  float64
	FitUnits   int
	Adjusted   bool // limits widened for overdispersion (false for none, or τ² = 0)
	Units      int
	NoExpected int // units with E = 0: nothing to judge
	High, Low  int
	Rows       []funnelRow
}

func fitFunnel(units []funnelUnit, method string, trim, cov float64) funnelFit {
	o := make([]float64, len(units))
	ex := make([]float64, len(units))
	for i, u := range units {
		o[i], ex[i] = u.Observed, u.Expected
	}
	odm := stats.SHMI
	if method == "cqc" || method == "spiegelhalter" {
		odm = stats.Spiegelhalter
	}
	od := stats.FitOverdispersion(o, ex, odm, trim)
	fit := funnelFit{Method: method, Coverage: cov, Phi: od.Phi, Tau2: od.Tau2, FitUnits: od.N, Units: len(units)}
	fit.Adjusted = method == "spiegelhalter" || (method != "none" && od.Tau2 > 0)
	limits := func(e, c float64) (float64, float64) {
		switch {
		case !fit.Adjusted:
			return stats.PoissonLimits(e, c)
		case method == "spiegelhalter":
			return od.Limits(e, c)
		}
		return od.RandomEffectsLimits(e, c)
	}
	for _, u := range units {
		row := funnelRow{funnelUnit: u}
		if u.Expected <= 0 {
			fit.NoExpected++
			fit.Rows = append(fit.Rows, row)
			continue
		}
		r := u.Observed / u.Expected
		row.Ratio = &r
		switch {
		case method == "none":
			row.Z = stats.PoissonFunnelZ(u.Observed, u.Expected)
		case method == "spiegelhalter":
			row.Z = od.Z(u.Observed, u.Expected)
		case !fit.Adjusted: // τ² = 0: Poisson limits, the method's unadjusted z
			row.Z = stats.FunnelZ(u.Observed, u.Expected, odm)
		default:
			row.Z = od.RandomEffectsZ(u.Observed, u.Expected)
		}
		lo95, hi95 := limits(u.Expected, stats.Coverage95)
		lo998, hi998 := limits(u.Expected, stats.Coverage998)
		row.Lower95, row.Upper95, row.Lower998, row.Upper998 = &lo95, &hi95, &lo998, &hi998
		row.Lower, row.Upper = row.Lower998, row.Upper998
		if cov == stats.Coverage95 {
			row.Lower, row.Upper = row.Lower95, row.Upper95
		}
		switch stats.FunnelSide(r, *row.Lower, *row.Upper) {
		case 1:
			row.Outlier = "high"
			fit.High++
		case -1:
			row.Outlier = "low"
			fit.Low++
		}
		fit.Rows = append(fit.Rows, row)
	}
	return fit
}

func printFunnel(w io.Writer, path string, f funnelFlags, fit funnelFit) {
	fmt.Fprintf(w, "%s: %d units (O = %q, E = %q", filepath.Base(path), fit.Units, f.observed, f.expected)
	if f.group != "" {
		fmt.Fprintf(w, ", summed by %q", f.group)
	}
	fmt.Fprintf(w, ")\nmethod %s: %s\n", fit.Method, funnelMethods[fit.Method])
	scale := "log"
	if fit.Method == "cqc" || fit.Method == "spiegelhalter" {
		scale = "square-root"
	}
	fmt.Fprintf(w, "overdispersion (%s scale, %d units): φ = %.6g, τ² = %.6g", scale, fit.FitUnits, fit.Phi, fit.Tau2)
	switch {
	case fit.Method == "none":
		fmt.Fprint(w, " (not used)")
	case !fit.Adjusted:
		fmt.Fprint(w, "; τ² = 0, so the limits are the exact Poisson ones")
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%d above and %d below the %s%% limits", fit.High, fit.Low, f.limit)
	if fit.NoExpected > 0 {
		fmt.Fprintf(w, "; %d with E = 0 not judged", fit.NoExpected)
	}
	fmt.Fprintln(w)
	rows := slices.Clone(fit.Rows)
	if !f.all {
		rows = slices.DeleteFunc(rows, func(r funnelRow) bool { return r.Outlier == "" })
	}
	if len(rows) == 0 {
		return
	}
	slices.SortStableFunc(rows, func(a, b funnelRow) int { return cmpFloat(b.Z, a.Z) })
	fmt.Fprintf(w, "\n%-16s %10s %12s %8s %8s %9s %9s  %s\n", "unit", "O", "E", "O/E", "z", "lower", "upper", "outlier")
	for _, r := range rows {
		if r.Ratio == nil {
			fmt.Fprintf(w, "%-16s %10.6g %12.6g %8s %8s %9s %9s\n", r.ID, r.Observed, r.Expected, "–", "–", "–", "–")
			continue
		}
		fmt.Fprintf(w, "%-16s %10.6g %12.6g %8.4f %8.2f %9.4f %9.4f  %s\n", r.ID, r.Observed, r.Expected, *r.Ratio, r.Z, *r.Lower, *r.Upper, r.Outlier)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func printFunnelJSON(w io.Writer, path string, f funnelFlags, fit funnelFit) error {
	out := struct {
		File, Observed, Expected string
		Group                    string `json:",omitempty"`
		funnelFit
	}{path, f.observed, f.expected, f.group, fit}
	for i := range out.Rows { // ±Inf cannot be JSON: an open limit is null
		for _, p := range []**float64{&out.Rows[i].Upper, &out.Rows[i].Upper95, &out.Rows[i].Upper998} {
			if *p != nil && math.IsInf(**p, 0) {
				*p = nil
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
