package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"github.com/microrisk/microrisk/risk/stats"
)

func init() {
	register(command{
		name:    "smooth",
		summary: "empirical Bayes and spatial smoothing of rates (events over a base) in a CSV or XLSX file",
		run:     runSmooth,
	})
}

// smoothFlags are the smooth command's options.
type smoothFlags struct {
	events, base, id, sheet, method, neighbours string
	iterations                                  int
	json                                        bool
}

// smoothMethods are the --method values, as PySAL esda names them.
var smoothMethods = map[string]string{
	"eb":             "empirical Bayes towards the global rate (Marshall 1991; esda Empirical_Bayes), prior variance truncated at 0",
	"spatial-eb":     "empirical Bayes towards the rate of each unit and its neighbours (esda Spatial_Empirical_Bayes)",
	"spatial-rate":   "the rate pooled over each unit and its neighbours (esda Spatial_Rate)",
	"spatial-median": "median of the rates of each unit and its neighbours, iterated (esda Spatial_Median_Rate)",
	"excess-risk":    "observed over expected at the global rate (esda Excess_Risk)",
}

var smoothOrder = []string{"eb", "spatial-eb", "spatial-rate", "spatial-median", "excess-risk"}

func spatialMethod(m string) bool {
	return m == "spatial-eb" || m == "spatial-rate" || m == "spatial-median"
}

// runSmooth is `microrisk smooth FILE --events C --base C [--id C]
// [--method eb|spatial-eb|spatial-rate|spatial-median|excess-risk
// --neighbours FILE] [--json]`.
func runSmooth(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "smooth")
	var f smoothFlags
	fs.StringVar(&f.events, "events", "", "`column` of event counts (required)")
	fs.StringVar(&f.base, "base", "", "`column` of the base: population, staff, births (required)")
	fs.StringVar(&f.id, "id", "", "`column` naming each unit (required with --neighbours; default the row number)")
	fs.StringVar(&f.sheet, "sheet", "", "XLSX `sheet` (default the first)")
	fs.StringVar(&f.method, "method", "eb", "`method`: eb, spatial-eb, spatial-rate, spatial-median or excess-risk")
	fs.StringVar(&f.neighbours, "neighbours", "", "CSV `file` of neighbour pairs, columns focal_id and neighbor_id (as libpysal's GAL edges; list each pair both ways for symmetric neighbours)")
	fs.IntVar(&f.iterations, "iterations", 1, "spatial-median: how many times the median is taken")
	fs.BoolVar(&f.json, "json", false, "print every unit and the fit as JSON")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: microrisk smooth FILE --events C --base C [--id C] [--method M [--neighbours FILE]] [--json]")
		fmt.Fprintln(fs.Output(), "\nSmooths each unit's rate events/base, so that small units do not top a ranking by chance. Methods:")
		for _, m := range smoothOrder {
			fmt.Fprintf(fs.Output(), "  %-15s %s\n", m, smoothMethods[m])
		}
		fmt.Fprintln(fs.Output(), "The spatial methods need --neighbours and --id.\n\nflags:")
		fs.PrintDefaults()
	}
	c := addCommon(fs)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := checkSmoothFlags(files, f); err != nil {
		return err
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	units, err := readSmoothUnits(files[0], f)
	if err != nil {
		return err
	}
	var nb [][]int
	var edges int
	if spatialMethod(f.method) {
		if nb, edges, err = readNeighbours(f.neighbours, units); err != nil {
			return err
		}
	}
	res := smooth(units, nb, f)
	res.Edges = edges
	if f.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			File, Events, Base string
			Neighbours         string `json:",omitempty"`
			smoothResult
		}{files[0], f.events, f.base, f.neighbours, res})
	}
	printSmooth(e.stdout, files[0], f, res)
	return nil
}

func checkSmoothFlags(files []string, f smoothFlags) error {
	switch {
	case len(files) == 0:
		return usageError{errors.New("smooth: no FILE given")}
	case len(files) > 1:
		return usageError{fmt.Errorf("smooth: one FILE at a time, got %d", len(files))}
	case f.events == "" || f.base == "":
		return usageError{errors.New("smooth: --events and --base are required")}
	case smoothMethods[f.method] == "":
		return usageError{fmt.Errorf("smooth: --method must be eb, spatial-eb, spatial-rate, spatial-median or excess-risk, not %q", f.method)}
	case spatialMethod(f.method) && (f.neighbours == "" || f.id == ""):
		return usageError{fmt.Errorf("smooth: --method %s needs --neighbours FILE and --id C", f.method)}
	case !spatialMethod(f.method) && f.neighbours != "":
		return usageError{fmt.Errorf("smooth: --neighbours is only for the spatial methods, not %s", f.method)}
	case f.iterations < 1:
		return usageError{errors.New("smooth: --iterations must be at least 1")}
	}
	return nil
}

// smoothUnit is one row: its name and counts.
type smoothUnit struct {
	ID           string
	Row          int
	Events, Base float64
}

func readSmoothUnits(path string, f smoothFlags) ([]smoothUnit, error) {
	tb, err := readStatTable(path, f.sheet, []string{f.events, f.base, f.id})
	if err != nil {
		return nil, err
	}
	units := make([]smoothUnit, len(tb.rows))
	seen := map[string]int{}
	for r := range tb.rows {
		u := smoothUnit{ID: strconv.Itoa(tb.line[r]), Row: tb.line[r]}
		if u.Events, err = tb.number(r, 0); err != nil {
			return nil, err
		}
		if u.Base, err = tb.number(r, 1); err != nil {
			return nil, err
		}
		for k, v := range []float64{u.Events, u.Base} {
			if v < 0 {
				return nil, &cellError{File: path, Row: tb.line[r], Column: tb.headers[k], Value: tb.rows[r][k], Err: errors.New("cannot be negative")}
			}
		}
		if f.id != "" {
			u.ID = tb.text(r, 2)
			if u.ID == "" {
				return nil, &cellError{File: path, Row: tb.line[r], Column: tb.headers[2], Err: errEmptyCell}
			}
			if first, dup := seen[u.ID]; dup {
				return nil, &cellError{File: path, Row: tb.line[r], Column: tb.headers[2], Value: u.ID, Err: fmt.Errorf("unit also on row %d", first)}
			}
			seen[u.ID] = tb.line[r]
		}
		units[r] = u
	}
	return units, nil
}

// readNeighbours reads the neighbour pairs and returns each unit's
// neighbours (indices into units) and the number of pairs. A pair naming
// a unit the data file does not have is an error.
func readNeighbours(path string, units []smoothUnit) ([][]int, int, error) {
	at := make(map[string]int, len(units))
	for i, u := range units {
		at[u.ID] = i
	}
	tb, err := readStatTable(path, "", []string{"focal_id", "neighbor_id"})
	if errors.Is(err, errColumnNotFound) {
		tb, err = readStatTable(path, "", []string{"focal_id", "neighbour_id"})
	}
	if err != nil {
		return nil, 0, fmt.Errorf("neighbours: %w", err)
	}
	nb := make([][]int, len(units))
	for r := range tb.rows {
		var ij [2]int
		for k := range ij {
			i, ok := at[tb.text(r, k)]
			if !ok {
				return nil, 0, &cellError{File: path, Row: tb.line[r], Column: tb.headers[k], Value: tb.rows[r][k], Err: errors.New("no such unit in the data file")}
			}
			ij[k] = i
		}
		nb[ij[0]] = append(nb[ij[0]], ij[1])
	}
	return nb, len(tb.rows), nil
}

// smoothRow is one unit's rates.
type smoothRow struct {
	smoothUnit
	// Rate is events/base (null when the base is 0); Smoothed the
	// method's rate (for excess-risk, the ratio).
	Rate     *float64
	Smoothed float64
	// Neighbours is how many neighbours the unit has (spatial methods).
	Neighbours *int `json:",omitempty"`
}

// smoothResult is the whole smoothing.
type smoothResult struct {
	Method string
	Units  int
	Edges  int `json:",omitempty"`
	// GlobalRate is Σevents/Σbase; PriorVar, Truncated the eb prior.
	GlobalRate float64
	PriorVar   *float64 `json:",omitempty"`
	Truncated  *bool    `json:",omitempty"`
	Rows       []smoothRow
}

func smooth(units []smoothUnit, nb [][]int, f smoothFlags) smoothResult {
	ev := make([]float64, len(units))
	base := make([]float64, len(units))
	for i, u := range units {
		ev[i], base[i] = u.Events, u.Base
	}
	prior := stats.FitEBPrior(ev, base)
	res := smoothResult{Method: f.method, Units: len(units), GlobalRate: prior.Rate}
	var out []float64
	switch f.method {
	case "eb":
		res.PriorVar, res.Truncated = &prior.Var, &prior.Truncated
		out = make([]float64, len(units))
		for i := range units {
			out[i] = prior.Smooth(ev[i], base[i])
		}
	case "spatial-eb":
		out = stats.SpatialEmpiricalBayes(ev, base, nb)
	case "spatial-rate":
		out = stats.SpatialRate(ev, base, nb)
	case "spatial-median":
		out = stats.SpatialMedianRate(ev, base, nb, nil, f.iterations)
	case "excess-risk":
		out = stats.ExcessRisk(ev, base)
	}
	for i, u := range units {
		row := smoothRow{smoothUnit: u, Smoothed: out[i]}
		if u.Base > 0 {
			r := u.Events / u.Base
			row.Rate = &r
		}
		if nb != nil {
			k := len(nb[i])
			row.Neighbours = &k
		}
		res.Rows = append(res.Rows, row)
	}
	return res
}

func printSmooth(w io.Writer, path string, f smoothFlags, res smoothResult) {
	fmt.Fprintf(w, "%s: %d units (events %q, base %q)\n", filepath.Base(path), res.Units, f.events, f.base)
	fmt.Fprintf(w, "method %s: %s\n", res.Method, smoothMethods[res.Method])
	fmt.Fprintf(w, "global rate %.6g", res.GlobalRate)
	if res.PriorVar != nil {
		fmt.Fprintf(w, ", prior variance %.6g", *res.PriorVar)
		if *res.Truncated {
			fmt.Fprint(w, " (moment estimate negative, truncated: every unit gets the global rate)")
		}
	}
	if res.Edges > 0 {
		fmt.Fprintf(w, "; %d neighbour pairs from %s", res.Edges, filepath.Base(f.neighbours))
	}
	fmt.Fprintf(w, "\n\n%-16s %10s %12s %12s %12s\n", "unit", "events", "base", "rate", "smoothed")
	for _, r := range res.Rows {
		rate := "–"
		if r.Rate != nil {
			rate = fmt.Sprintf("%.6g", *r.Rate)
		}
		fmt.Fprintf(w, "%-16s %10.6g %12.6g %12s %12.6g\n", r.ID, r.Events, r.Base, rate, r.Smoothed)
	}
}
