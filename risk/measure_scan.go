package risk

import (
	"errors"
	"fmt"
	"math"

	"github.com/microrisk/microrisk/risk/scan"
	"gonum.org/v1/gonum/stat/distuv"
)

// SpaceCluster finds circles of neighbouring units whose cases together
// exceed what their size explains: Kulldorff's Poisson scan statistic
// (risk/scan, purely spatial) on the units' coordinates, with Monte Carlo
// p-values (scan.reps replicates, scan.seed), circles up to scan.max_share
// of the expected cases and scan.max_radius_km, of at least scan.min_units
// units. A unit's expected cases
// are its staff-years times its district's rate (indirect
// standardisation): a district-wide excess, a district's own campaign,
// raises every unit of the district alike and makes no cluster; a pocket
// of units with more cases than the rest of their district does.
//
// A unit in a cluster with p ≤ scan.alpha that has more cases than its
// own expected share reads Value = the cluster's relative risk, Z = the
// normal score of 1 − p (3.1 at p = 0.001), Observed = its cases in the
// window, each a flag (the flags statement, given those units in the temp
// table rule_units); the other units read Value, Z and Observed 0. A unit
// the circle takes in without an excess of its own (a quiet neighbour of
// busy ones) gets nothing from it: the circle's shape, not its cases, put
// it there. Units without coordinates or staff abstain. The
// records are one row per scored unit (columns unit_id, cases, longitude,
// latitude); the clusters, significant or not, are kept for the run
// (scan_clusters).
type SpaceCluster struct{}

func (SpaceCluster) inGo() bool { return true }

func (SpaceCluster) needsMoreThanLedger() {}

// unitFlag is what the flags statement of a measure adds to each of a
// unit's records: the figures and reason its records share.
type unitFlag struct {
	UnitID  string
	Figures map[string]any
	Zh, En  string
}

// clusterRow is one cluster of a run's scan (table scan_clusters).
type clusterRow struct {
	N                           int
	Centre                      string
	Lon, Lat, RadiusKm          float64
	Units                       []string
	Cases, Expected, RR, LLR, P float64
	Significant                 bool
}

func (SpaceCluster) compute(in *ruleInput) ([]Value, []Flag) {
	cases, at := scanInput(in)
	staff := in.exposure("staff")
	out := make([]Value, len(cases))
	expected := districtExpected(in.sc, cases, staff, at)
	for i := range out {
		switch {
		case math.IsNaN(at[i].X):
			out[i] = abstain("无经纬度", "no coordinates")
		case !(staff[i] > 0):
			out[i] = in.noExposure("staff")
		}
	}
	cfg := scan.DefaultConfig()
	cfg.Reps, cfg.Seed, cfg.MaxShare, cfg.MaxRadius = in.cfg.Scan.Reps, uint64(in.cfg.Scan.Seed), in.cfg.Scan.MaxShare, in.cfg.Scan.MaxRadiusKm
	cfg.MinLocations = in.cfg.Scan.MinUnits
	var res scan.Result
	var err error
	if sumFloat(cases, out) == 0 {
		// every district's rate is 0: the scan would see no exposure
		res.Abstain = scan.ErrNoCases
	} else {
		res, err = scan.Spatial(cases, expected, at, cfg)
	}
	if err != nil || res.Abstain != nil {
		zh, en := scanAbstention(res.Abstain, err, in.months)
		for i := range out {
			if !out[i].Abstains() {
				out[i] = abstain(zh, en)
			}
		}
		return out, nil
	}
	creditClusters(in, res, cases, expected, at, out)
	return out, nil
}

// scanInput reads each unit's cases and coordinates (NaN where it has
// none) from the records.
func scanInput(in *ruleInput) (cases []float64, at []scan.Point) {
	n := len(in.sc.Units)
	cases = make([]float64, n)
	at = make([]scan.Point, n)
	for i := range at {
		at[i] = scan.Point{X: math.NaN(), Y: math.NaN()}
	}
	for r := range in.recs.rows {
		i, ok := in.sc.index[in.recs.str(r, "unit_id")]
		if !ok {
			continue
		}
		cases[i] = nanZero(in.recs.num(r, "cases"))
		lon, lat := in.recs.num(r, "longitude"), in.recs.num(r, "latitude")
		if math.Abs(lat) <= 90 && math.Abs(lon) <= 180 { // NaN fails too
			at[i] = scan.Point{X: lon, Y: lat}
		}
	}
	return cases, at
}

// creditClusters keeps every cluster for the run and fills the values of
// the units that do not abstain: those of a significant cluster with an
// excess of their own are credited and their records named for flags,
// the others read 0.
func creditClusters(in *ruleInput, res scan.Result, cases, expected []float64, at []scan.Point, out []Value) {
	member := make([]int, len(out)) // 1 + the cluster's index, 0 for none
	for k, c := range res.Clusters {
		sig := c.P <= in.cfg.Scan.Alpha
		in.clusters = append(in.clusters, clusterOf(in, c, k+1, at, sig))
		if !sig {
			continue
		}
		for _, i := range c.Locations {
			member[i] = k + 1
		}
	}
	for i := range out {
		if out[i].Abstains() {
			continue
		}
		if member[i] == 0 || !(cases[i] > expected[i]) {
			out[i] = in.value(i, reasonData{Expected: expected[i]})
			continue
		}
		c := res.Clusters[member[i]-1]
		z := distuv.UnitNormal.Quantile(1 - c.P)
		out[i] = in.value(i, reasonData{Value: c.RR, Z: z, Observed: cases[i], Expected: expected[i]})
		out[i].Zh, out[i].En = clusterReason(in, c, cases[i], expected[i])
		centre := in.sc.Units[c.Centre].ID
		in.unitFlags = append(in.unitFlags, unitFlag{UnitID: in.sc.Units[i].ID,
			Figures: map[string]any{"cluster": member[i], "centre": centre, "radius_km": round2(c.Radius),
				"cluster_units": len(c.Locations), "cluster_cases": c.Cases, "cluster_expected": round2(c.Expected),
				"rr": round2(c.RR), "p": c.P, "unit_cases": cases[i], "unit_expected": round2(expected[i])},
			Zh: fmt.Sprintf("位于立案空间聚集区%d（以%s为中心、半径%.1f公里）", member[i], centre, c.Radius),
			En: fmt.Sprintf("in case cluster %d (centred on %s, radius %.1f km)", member[i], centre, c.Radius)})
	}
}

// sumFloat sums x over the units that do not abstain.
func sumFloat(x []float64, out []Value) float64 {
	var s float64
	for i, v := range x {
		if !out[i].Abstains() {
			s += v
		}
	}
	return s
}

// scanAbstention words why the scan could not run.
func scanAbstention(abstained, err error, months int) (zh, en string) {
	switch {
	case err != nil:
		return "无法进行空间扫描：" + err.Error(), "no spatial scan: " + err.Error()
	case errors.Is(abstained, scan.ErrNoCases):
		return fmt.Sprintf("%d个月内全市无立案，无法进行空间扫描", months), fmt.Sprintf("no case in %d months: no spatial scan", months)
	}
	return "有经纬度和干部职工人数的单位不足两个，无法进行空间扫描", "fewer than two units with coordinates and staff: no spatial scan"
}

// districtExpected returns each unit's expected cases: its staff-years
// times the cases per staff-year of the units of its district that have
// coordinates and staff (the city's for a unit without a district). Units
// without staff get 0, which the scan leaves out.
func districtExpected(sc *scope, cases, staffYears []float64, at []scan.Point) []float64 {
	type sum struct{ c, e float64 }
	by := map[string]*sum{}
	for i, u := range sc.Units {
		if math.IsNaN(at[i].X) || !(staffYears[i] > 0) {
			continue
		}
		s := by[u.District]
		if s == nil {
			s = &sum{}
			by[u.District] = s
		}
		s.c += cases[i]
		s.e += staffYears[i]
	}
	out := make([]float64, len(sc.Units))
	for i, u := range sc.Units {
		if s := by[u.District]; s != nil && staffYears[i] > 0 && s.e > 0 {
			out[i] = staffYears[i] * s.c / s.e
		}
	}
	return out
}

// clusterOf makes the stored row of a cluster.
func clusterOf(in *ruleInput, c scan.Cluster, k int, at []scan.Point, sig bool) clusterRow {
	row := clusterRow{N: k, Centre: in.sc.Units[c.Centre].ID, Lon: at[c.Centre].X, Lat: at[c.Centre].Y,
		RadiusKm: c.Radius, Cases: c.Cases, Expected: c.Expected, RR: c.RR, LLR: c.LLR, P: c.P, Significant: sig}
	for _, i := range c.Locations {
		row.Units = append(row.Units, in.sc.Units[i].ID)
	}
	if math.IsInf(row.RR, 1) {
		row.RR = math.MaxFloat64
	}
	return row
}

// clusterReason words a member unit's reason.
func clusterReason(in *ruleInput, c scan.Cluster, own, exp float64) (zh, en string) {
	centre := in.sc.Units[c.Centre].ID
	zh = fmt.Sprintf("位于立案空间聚集区：以%s为中心、半径%.1f公里内%d个单位%d个月内立案%.0f件，按所在区县发生率预期%.1f件（相对危险度%.1f，p=%s）；本单位立案%.0f件，预期%.1f件",
		centre, c.Radius, len(c.Locations), in.months, c.Cases, c.Expected, c.RR, pText(c.P), own, exp)
	en = fmt.Sprintf("in a case cluster: %d units within %.1f km of %s had %.0f cases in %d months against %.1f expected at their districts' rates (relative risk %.1f, p = %s); this unit %.0f against %.1f",
		len(c.Locations), c.Radius, centre, c.Cases, in.months, c.Expected, c.RR, pText(c.P), own, exp)
	return zh, en
}

// pText prints a Monte Carlo p-value with the digits its replicates
// resolve.
func pText(p float64) string {
	if p < 0.01 {
		return fmt.Sprintf("%.3f", p)
	}
	return fmt.Sprintf("%.2f", p)
}

func (SpaceCluster) background() {}
