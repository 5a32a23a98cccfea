package stats

import (
	"math"
	"sort"
	"strings"
	"testing"
)

// TestPoissonLimitsFunnelPlotR checks the exact limits FunnelPlotR
// publishes for expected 15, 20, 30 with target 1 (refdata/README.md
// lines 71–74, "Published by FunnelPlotR").
func TestPoissonLimitsFunnelPlotR(t *testing.T) {
	cases := []struct {
		e, cov, lo, hi float64
	}{
		{15, Coverage95, 0.5596924, 1.649348},
		{20, Coverage95, 0.6108260, 1.544419},
		{30, Coverage95, 0.6746958, 1.427562},
		{15, Coverage998, 0.3862650, 2.082907},
		{20, Coverage998, 0.4479107, 1.902094},
		{30, Coverage998, 0.5289724, 1.702771},
	}
	for _, c := range cases {
		lo, hi := PoissonLimits(c.e, c.cov)
		// the published figures have 7 significant digits
		if !close(lo, c.lo, 1e-6, 0) || !close(hi, c.hi, 1e-6, 0) {
			t.Errorf("PoissonLimits(%v, %v) = %.7g, %.7g; FunnelPlotR %.7g, %.7g", c.e, c.cov, lo, hi, c.lo, c.hi)
		}
	}
}

// TestOverdispersionSixGroups reproduces FunnelPlotR's six-group fixture
// (refdata/README.md lines 76–78: numerators 100, 150, 180, 80, 120, 225;
// denominators 108, 112, 165, 95, 100, 220; φ = 2.948033) and its table
// peer_tables/test_fixture_6groups_default_SHMI_adjusted_99_aggregated.csv.
// φ = 2.948033 is the SHMI φ: log-scale z = √E·ln(O/E), and with six
// groups the rank truncation drops none. Winsorised square-root z
// (Spiegelhalter) gives a different φ, checked by hand below.
func TestOverdispersionSixGroups(t *testing.T) {
	o := []float64{100, 150, 180, 80, 120, 225}
	e := []float64{108, 112, 165, 95, 100, 220}
	od := FitOverdispersion(o, e, SHMI, DefaultTrim)
	if od.Abstain != nil || od.N != 6 {
		t.Fatalf("od = %+v", od)
	}
	if !close(od.Phi, 2.948033, 1e-6, 0) {
		t.Errorf("phi = %.7g, FunnelPlotR 2.948033", od.Phi)
	}
	// τ² is not printed by FunnelPlotR for the fixture; it is implied by the
	// table's OD limits. By hand: (6·φ − 5)/(800 − 118858/800).
	tau := (6*od.Phi - 5) / (800 - 118858.0/800)
	if !close(od.Tau2, tau, 1e-12, 0) {
		t.Errorf("tau2 = %v, by hand %v", od.Tau2, tau)
	}

	tb := readTable(t, "funnel/peer_tables/test_fixture_6groups_default_SHMI_adjusted_99_aggregated.csv")
	for i := range tb.rows {
		O, E := tb.num(t, i, "numerator"), tb.num(t, i, "denominator")
		g := tb.str(t, i, "group")
		checkRow(t, tb, i, "6groups "+g, "Uzscore", FunnelZ(O, E, SHMI), 1e-9)
		lo, hi := od.Limits(E, Coverage95)
		checkRow(t, tb, i, "6groups "+g, "OD95LCL", lo, 1e-7)
		checkRow(t, tb, i, "6groups "+g, "OD95UCL", hi, 1e-7)
		lo, hi = od.Limits(E, Coverage998)
		checkRow(t, tb, i, "6groups "+g, "OD99LCL", lo, 1e-7)
		checkRow(t, tb, i, "6groups "+g, "OD99UCL", hi, 1e-7)
		lo, hi = PoissonLimits(E, Coverage95)
		checkRow(t, tb, i, "6groups "+g, "LCL95", lo, 1e-7)
		checkRow(t, tb, i, "6groups "+g, "UCL95", hi, 1e-7)
		lo, hi = PoissonLimits(E, Coverage998)
		checkRow(t, tb, i, "6groups "+g, "LCL99", lo, 1e-7)
		checkRow(t, tb, i, "6groups "+g, "UCL99", hi, 1e-7)
	}

	// Spiegelhalter: z = 2(√O − √E), winsorised at the type-7 10%/90%
	// quantiles; worked by hand from the sorted z.
	z := make([]float64, 6)
	for i := range o {
		z[i] = 2 * (math.Sqrt(o[i]) - math.Sqrt(e[i]))
	}
	s := append([]float64(nil), z...)
	sort.Float64s(s)
	lo, hi := s[0]+0.5*(s[1]-s[0]), s[4]+0.5*(s[5]-s[4]) // h = 0.5 and 4.5
	var ss float64
	for _, v := range z {
		v = math.Min(math.Max(v, lo), hi)
		ss += v * v
	}
	sp := FitOverdispersion(o, e, Spiegelhalter, DefaultTrim)
	if !close(sp.Phi, ss/6, 1e-12, 0) {
		t.Errorf("Spiegelhalter phi = %v, by hand %v", sp.Phi, ss/6)
	}
}

func checkRow(t *testing.T, tb table, i int, what, col string, got, rtol float64) {
	t.Helper()
	want := tb.num(t, i, col)
	if !close(got, want, rtol, 1e-12) {
		t.Errorf("%s %s = %.12g, FunnelPlotR %.12g (rel diff %.2g)", what, col, got, want, math.Abs(got-want)/math.Abs(want))
	}
}

// medparAggregate sums los (numerator) and the Poisson GLM predictions prds
// (denominator) per provider from
// peer_tables/medpar_with_glm_predictions.csv, and rounds the denominator
// to 2 decimals as FunnelPlotR does for SR data with the SHMI method; raw
// keeps the unrounded sums, from which FunnelPlotR forms the ratio rr.
func medparAggregate(t *testing.T) (groups []string, o, e, raw []float64) {
	t.Helper()
	tb := readTable(t, "funnel/peer_tables/medpar_with_glm_predictions.csv")
	idx := map[string]int{}
	for i := range tb.rows {
		g := tb.str(t, i, "provnum")
		k, ok := idx[g]
		if !ok {
			k = len(groups)
			idx[g] = k
			groups = append(groups, g)
			o = append(o, 0)
			e = append(e, 0)
		}
		o[k] += tb.num(t, i, "los")
		e[k] += tb.num(t, i, "prds")
	}
	raw = append([]float64(nil), e...)
	for k := range e {
		e[k] = math.Round(e[k]*100) / 100
	}
	// cross-check the numerator with the original data set medpar.csv
	medpar := readTable(t, "funnel/medpar.csv")
	los := map[string]float64{}
	for i := range medpar.rows {
		los[medpar.str(t, i, "provnum")] += medpar.num(t, i, "los")
	}
	for k, g := range groups {
		if los[g] != o[k] {
			t.Fatalf("provider %s: los %v in medpar.csv, %v in predictions", g, los[g], o[k])
		}
	}
	return groups, o, e, raw
}

// TestMedparFunnelPlotR reproduces FunnelPlotR 0.6.0 on medpar (refdata
// README.md lines 74–76: 25 of 54 providers outside the unadjusted 99.8%
// limits, 9 outside the SHMI-adjusted ones; lines 81–83, peer run: φ =
// 8.53285128924864, τ² = 0.0284102322745188 and the nine providers) and its
// per-provider
// tables peer_tables/medpar_SR_{unadjusted,SHMI_adjusted}_{95,99}_aggregated.csv.
func TestMedparFunnelPlotR(t *testing.T) {
	groups, o, e, raw := medparAggregate(t)
	if len(groups) != 54 {
		t.Fatalf("%d providers, want 54", len(groups))
	}
	od := FitOverdispersion(o, e, SHMI, DefaultTrim)
	if od.Abstain != nil {
		t.Fatal(od.Abstain)
	}
	// refdata README.md line 81: "Peer run, SHMI method on medpar"
	if !close(od.Phi, 8.53285128924864, 1e-9, 0) {
		t.Errorf("phi = %.15g, FunnelPlotR 8.53285128924864", od.Phi)
	}
	if !close(od.Tau2, 0.0284102322745188, 1e-9, 0) {
		t.Errorf("tau2 = %.15g, FunnelPlotR 0.0284102322745188", od.Tau2)
	}
	if od.N != 44 {
		t.Errorf("N = %d after truncation, want 54 − 2·5 = 44", od.N)
	}
	z := make([]float64, len(o))
	for i := range o {
		z[i] = FunnelZ(o[i], e[i], SHMI)
	}
	keep := shmiKeep(z, DefaultTrim)

	at := map[string]int{}
	for i, g := range groups {
		at[g] = i
	}
	unadj := map[string]bool{}
	adj := map[string]bool{}
	for _, file := range []string{"unadjusted_95", "unadjusted_99", "SHMI_adjusted_95", "SHMI_adjusted_99"} {
		tb := readTable(t, "funnel/peer_tables/medpar_SR_"+file+"_aggregated.csv")
		if len(tb.rows) != 54 {
			t.Fatalf("%s: %d rows", file, len(tb.rows))
		}
		fitted := od
		if strings.HasPrefix(file, "unadjusted") {
			fitted = Overdispersion{Method: SHMI, Phi: 1} // draw_adjusted = FALSE: τ² = 0
		}
		cov := Coverage95
		if strings.HasSuffix(file, "99") {
			cov = Coverage998
		}
		for r := range tb.rows {
			g := tb.str(t, r, "group")
			i, ok := at[g]
			if !ok {
				t.Fatalf("%s: unknown provider %s", file, g)
			}
			what := file + " " + g
			checkRow(t, tb, r, what, "numerator", o[i], 0)
			checkRow(t, tb, r, what, "denominator", e[i], 1e-12)
			checkRow(t, tb, r, what, "rr", o[i]/raw[i], 1e-12)
			checkRow(t, tb, r, what, "Uzscore", z[i], 1e-9)
			if trunc := tb.str(t, r, "truncated") == "1"; trunc == keep[i] {
				t.Errorf("%s: truncated = %v, ours %v", what, trunc, !keep[i])
			}
			lo95, hi95 := PoissonLimits(e[i], Coverage95)
			lo99, hi99 := PoissonLimits(e[i], Coverage998)
			// exact limits: gonum's chi-square quantile against R's qchisq
			checkRow(t, tb, r, what, "LCL95", lo95, 1e-8)
			checkRow(t, tb, r, what, "UCL95", hi95, 1e-8)
			checkRow(t, tb, r, what, "LCL99", lo99, 1e-8)
			checkRow(t, tb, r, what, "UCL99", hi99, 1e-8)
			// FunnelPlotR uses z = 1.959964 and 3.090232 (7 digits)
			l, h := fitted.Limits(e[i], Coverage95)
			checkRow(t, tb, r, what, "OD95LCL", l, 5e-7)
			checkRow(t, tb, r, what, "OD95UCL", h, 5e-7)
			l, h = fitted.Limits(e[i], Coverage998)
			checkRow(t, tb, r, what, "OD99LCL", l, 5e-7)
			checkRow(t, tb, r, what, "OD99UCL", h, 5e-7)

			// outlier flag: the unrounded ratio rr against the limits at the
			// rounded E — exact limits when unadjusted, OD limits when
			// adjusted (FunnelPlotR outliers_func)
			lo, hi := PoissonLimits(e[i], cov)
			if !strings.HasPrefix(file, "unadjusted") {
				lo, hi = od.Limits(e[i], cov)
			}
			out := FunnelSide(o[i]/raw[i], lo, hi) != 0
			if want := tb.str(t, r, "outlier") == "1"; out != want {
				t.Errorf("%s: outlier %v, FunnelPlotR %v", what, out, want)
			}
			if file == "unadjusted_99" && out {
				unadj[g] = true
			}
			if file == "SHMI_adjusted_99" && out {
				adj[g] = true
			}
		}
	}
	if len(unadj) != 25 { // README.md line 75
		t.Errorf("%d providers outside the unadjusted 99.8%% limits, FunnelPlotR 25", len(unadj))
	}
	// refdata README.md lines 82–83
	want := []string{"030017", "030035", "030037", "030044", "030060", "030067", "030068", "030073", "032003"}
	var got []string
	for g := range adj {
		got = append(got, g)
	}
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("SHMI-adjusted 99.8%% outliers %v, FunnelPlotR %v", got, want)
	}
}
