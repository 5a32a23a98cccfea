package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/ingest/column"
)

// refdataFile finds rel under <repo>/../shared/refdata, or skips.
func refdataFile(t *testing.T, rel string) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "..", "shared", "refdata", filepath.FromSlash(rel))
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if filepath.Dir(dir) == dir {
			t.Skip("reference data not found: no ../shared/refdata/" + rel + " above the package")
		}
		dir = filepath.Dir(dir)
	}
}

// readCSV reads a whole CSV file as header-named rows.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

type funnelOut struct {
	Method    string
	Phi, Tau2 float64
	FitUnits  int
	Adjusted  bool
	Units     int
	High, Low int
	Rows      []struct {
		ID      string
		Rows    int
		Outlier string
		Z       float64
	}
}

func runFunnelJSON(t *testing.T, args ...string) funnelOut {
	t.Helper()
	out, _, err := runArgs(append([]string{"funnel", "--json"}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	var f funnelOut
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("%v\n%.400s", err, out)
	}
	return f
}

// TestFunnelMedparFunnelPlotR reproduces FunnelPlotR 0.6.0 on medpar
// through the command (refdata/README.md, funnel/: "25 of 54 providers
// outside the unadjusted 99.8% limits; 9 outside the overdispersion-
// adjusted 99.8% limits (SHMI method)"; peer run: φ = 8.53285128924864,
// τ² = 0.0284102322745188 and the nine providers 030017, 030035, 030037,
// 030044, 030060, 030067, 030068, 030073, 032003), and every provider's
// outlier flag in FunnelPlotR's four tables
// peer_tables/medpar_SR_{unadjusted,SHMI_adjusted}_{95,99}_aggregated.csv.
//
// The command reads the patient-level file of GLM predictions and sums
// los and prds per provider (--group provnum). FunnelPlotR rounds the
// summed predictions to 2 decimals before it fits φ, so from the unrounded
// sums φ and τ² agree to 2e-4 (relative); run on FunnelPlotR's own aggregated table
// (denominators as rounded) they agree to 1e-9.
func TestFunnelMedparFunnelPlotR(t *testing.T) {
	patients := refdataFile(t, "funnel/peer_tables/medpar_with_glm_predictions.csv")
	args := []string{patients, "--group", "provnum", "--observed", "los", "--expected", "prds"}
	for _, c := range []struct {
		method, limit, table string
		outside              int // README / peer tables
	}{
		{"none", "99.8", "unadjusted_99", 25},
		{"none", "95", "unadjusted_95", -1},
		{"shmi", "99.8", "SHMI_adjusted_99", 9},
		{"shmi", "95", "SHMI_adjusted_95", -1},
	} {
		got := runFunnelJSON(t, append(args, "--method", c.method, "--limit", c.limit)...)
		peer := readCSV(t, refdataFile(t, "funnel/peer_tables/medpar_SR_"+c.table+"_aggregated.csv"))
		flag := map[string]bool{}
		want := 0
		for _, r := range peer {
			flag[r["group"]] = r["outlier"] == "1"
			if flag[r["group"]] {
				want++
			}
		}
		if c.outside >= 0 && want != c.outside {
			t.Fatalf("%s: peer table has %d outliers, README %d", c.table, want, c.outside)
		}
		if got.Units != 54 || got.High+got.Low != want {
			t.Errorf("%s %s%%: %d units, %d outside; FunnelPlotR 54, %d", c.method, c.limit, got.Units, got.High+got.Low, want)
		}
		for _, r := range got.Rows {
			if (r.Outlier != "") != flag[r.ID] {
				t.Errorf("%s %s%%: provider %s outlier %q, FunnelPlotR %v", c.method, c.limit, r.ID, r.Outlier, flag[r.ID])
			}
		}
		if c.method == "shmi" && c.limit == "99.8" {
			var ids []string
			for _, r := range got.Rows {
				if r.Outlier != "" {
					ids = append(ids, r.ID)
				}
			}
			slices.Sort(ids)
			if w := []string{"030017", "030035", "030037", "030044", "030060", "030067", "030068", "030073", "032003"}; !slices.Equal(ids, w) {
				t.Errorf("SHMI 99.8%% outliers %v, FunnelPlotR %v", ids, w)
			}
			if !got.Adjusted || got.FitUnits != 44 || math.Abs(got.Phi/8.53285128924864-1) > 2e-4 || math.Abs(got.Tau2/0.0284102322745188-1) > 2e-4 {
				t.Errorf("φ %.15g τ² %.15g over %d units; FunnelPlotR 8.53285128924864, 0.0284102322745188, 44", got.Phi, got.Tau2, got.FitUnits)
			}
		}
	}
	// FunnelPlotR's aggregated table: denominators rounded as it fits them
	agg := refdataFile(t, "funnel/peer_tables/medpar_SR_SHMI_adjusted_99_aggregated.csv")
	got := runFunnelJSON(t, agg, "--id", "group", "--observed", "numerator", "--expected", "denominator")
	if math.Abs(got.Phi/8.53285128924864-1) > 1e-9 || math.Abs(got.Tau2/0.0284102322745188-1) > 1e-9 {
		t.Errorf("aggregated: φ %.15g τ² %.15g; FunnelPlotR 8.53285128924864, 0.0284102322745188", got.Phi, got.Tau2)
	}
}

// TestFunnelSixGroups: FunnelPlotR's six-group fixture (refdata README:
// φ = 2.948033) through the command, and its human summary.
func TestFunnelSixGroups(t *testing.T) {
	path := filepath.Join(t.TempDir(), "six.csv")
	body := "单位,病例,期望\nA,100,108\nB,150,112\nC,180,165\nD,80,95\nE,120,100\nF,225,220\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	got := runFunnelJSON(t, path, "--id", "单位", "--observed", "病例", "--expected", "期望")
	if math.Abs(got.Phi-2.948033) > 5e-7 || got.FitUnits != 6 {
		t.Errorf("φ %v over %d units, FunnelPlotR 2.948033 over 6", got.Phi, got.FitUnits)
	}
	out, _, err := runArgs("funnel", path, "--id", "单位", "--observed", "病例", "--expected", "期望", "--limit", "95", "--all")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"6 units", "φ = 2.94803", "above and", "B  ", "E  "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestFunnelErrors(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "units.csv")
	if err := os.WriteFile(csvPath, []byte("unit,o,e\nA,3,2.5\nB,-1,4\nC,,2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(good, []byte("unit,o,e\nA,3,2.5\nB,1,0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var ue usageError
	for _, c := range []struct {
		name  string
		args  []string
		usage bool
		is    error
		says  string
	}{
		{"no file", []string{"funnel", "--observed", "o", "--expected", "e"}, true, nil, "no FILE"},
		{"no observed", []string{"funnel", good, "--expected", "e"}, true, nil, "--observed and --expected"},
		{"bad method", []string{"funnel", good, "--observed", "o", "--expected", "e", "--method", "x"}, true, nil, "--method"},
		{"bad limit", []string{"funnel", good, "--observed", "o", "--expected", "e", "--limit", "90"}, true, nil, "--limit"},
		{"id and group", []string{"funnel", good, "--observed", "o", "--expected", "e", "--id", "unit", "--group", "unit"}, true, nil, "not both"},
		{"missing column", []string{"funnel", good, "--observed", "cases", "--expected", "e"}, false, column.ErrColumnNotFound, `"cases" in the first 20 rows; columns present: "unit", "o", "e"`},
		{"negative", []string{"funnel", csvPath, "--observed", "o", "--expected", "e"}, false, nil, `row 3, column "o": "-1": a count cannot be negative`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runArgs(c.args...)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.As(err, &ue) != c.usage || (c.is != nil && !errors.Is(err, c.is)) || !strings.Contains(err.Error(), c.says) {
				t.Errorf("err = %v (usage %v), want usage %v, is %v, saying %q", err, errors.As(err, &ue), c.usage, c.is, c.says)
			}
		})
	}
	// an empty cell names its row
	os.WriteFile(csvPath, []byte("unit,o,e\nA,3,2.5\nC,,2\n"), 0o600)
	if _, _, err := runArgs("funnel", csvPath, "--observed", "o", "--expected", "e"); err == nil || !strings.Contains(err.Error(), `row 3, column "o"`) {
		t.Errorf("empty cell: %v", err)
	}
	// E = 0 is reported, not judged, and the JSON has no infinities
	got := runFunnelJSON(t, good, "--id", "unit", "--observed", "o", "--expected", "e", "--method", "none")
	if got.Units != 2 || got.Rows[1].Outlier != "" {
		t.Errorf("E = 0: %+v", got)
	}
}
