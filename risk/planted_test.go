package risk

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/microrisk/microrisk/data"
	"github.com/microrisk/microrisk/ingest"
	"github.com/microrisk/microrisk/risk/stats"
)

// loadWorld writes a generated world and loads it with the ingest package,
// as `microrisk ingest` would (person identifiers pseudonymised with the
// public test key, so the payee matching runs on pseudonyms as in use).
func loadWorld(t testing.TB, profile string, seed uint64) (*fixture, *data.Truth) {
	t.Helper()
	p, err := data.ProfileByName(profile)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	truth, err := data.Generate(p, seed, dir)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	results, err := ingest.Load(context.Background(), f.db, []string{dir}, ingest.Options{Key: ingest.InsecureTestKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Rejected > 0 {
			t.Fatalf("ingest rejected %d rows of %s", r.Rejected, r.Path)
		}
	}
	return f, truth
}

// plantedEval scores a world and measures how well the score separates the
// planted units from the other scored units.
type plantedEval struct {
	AUC, PrecisionAt20 float64
	// RPrecision is the precision at k = the number of planted units.
	RPrecision float64
	// ByPattern gives, per pattern, how many of its planted units rank
	// within the top k (k = the number of planted units).
	ByPattern       []string
	Planted, Scored int
	PerIndicator    []string // AUC of each indicator's standardised value
	// BaselineAUC and BaselineRPrecision grade the naive count the model
	// must beat: how many of a unit's indicators lie above their 95th
	// percentile across the units (naiveCounts).
	BaselineAUC, BaselineRPrecision float64
	// Decoys counts the clean look-alike units (care homes, fixed
	// allowances…) among the scored; DecoysInTop lists those ranked within
	// the top k, BaselineDecoysInTop counts them for the naive count.
	Decoys              int
	DecoysInTop         []string
	BaselineDecoysInTop int
	Missed              []string // planted units outside the top 20, with their rank and patterns
	FalsePositives      []string // other units in the top 20 (only when MICRORISK_EVAL is set)
}

func evaluatePlanted(t testing.TB, f *fixture, truth *data.Truth, cfg Config) plantedEval {
	t.Helper()
	r := computeAt(t, f, "2017-05-31", cfg)
	planted := map[string][]string{}
	for _, p := range truth.Planted {
		planted[p.UnitID] = p.Patterns
	}
	scores := make([]float64, len(r.Units))
	pos := make([]bool, len(r.Units))
	ev := plantedEval{Scored: len(r.Units)}
	for i, u := range r.Units {
		scores[i] = u.Composite
		_, pos[i] = planted[u.UnitID]
		if pos[i] {
			ev.Planted++
		}
	}
	ev.AUC = stats.AUC(scores, pos)
	ev.PrecisionAt20 = stats.PrecisionAtK(scores, pos, 20)
	ev.RPrecision = stats.PrecisionAtK(scores, pos, ev.Planted)
	decoys := map[string]string{}
	for _, d := range truth.Decoys {
		decoys[d.UnitID] = d.Kind
	}
	byRank := r.ByRank()
	for _, u := range byRank[:min(ev.Planted, len(byRank))] {
		if k, ok := decoys[u.UnitID]; ok {
			ev.DecoysInTop = append(ev.DecoysInTop, u.UnitID+" "+k)
		}
	}
	for id := range decoys {
		for _, u := range r.Units {
			if u.UnitID == id {
				ev.Decoys++
			}
		}
	}
	base := NaiveCounts(r)
	baseOrder := make([]int, len(base))
	for i := range baseOrder {
		baseOrder[i] = i
	}
	sort.SliceStable(baseOrder, func(a, b int) bool { return base[baseOrder[a]] > base[baseOrder[b]] })
	for _, i := range baseOrder[:min(ev.Planted, len(baseOrder))] {
		if _, ok := decoys[r.Units[i].UnitID]; ok {
			ev.BaselineDecoysInTop++
		}
	}
	ev.BaselineAUC = stats.AUC(base, pos)
	ev.BaselineRPrecision = stats.PrecisionAtK(base, pos, ev.Planted)
	inTop, total := map[string]int{}, map[string]int{}
	for _, u := range r.Units {
		for _, p := range planted[u.UnitID] {
			total[p]++
			if u.Rank <= ev.Planted {
				inTop[p]++
			}
		}
	}
	for _, p := range data.Patterns {
		if total[p] > 0 {
			ev.ByPattern = append(ev.ByPattern, fmt.Sprintf("%s %d/%d", p, inTop[p], total[p]))
		}
	}
	for k, ind := range Catalogue {
		s := make([]float64, len(r.Units))
		for i, u := range r.Units {
			s[i] = u.Std[k]
			if math.IsNaN(s[i]) {
				s[i] = 0
			}
		}
		ev.PerIndicator = append(ev.PerIndicator, fmt.Sprintf("%s %.3f", ind.ID, stats.AUC(s, pos)))
	}
	for _, u := range r.ByRank() {
		if _, ok := planted[u.UnitID]; !ok && u.Rank <= 20 && os.Getenv("MICRORISK_EVAL_VERBOSE") != "" {
			var top []string
			for k, c := range u.Contribution {
				if c > 0.3 {
					top = append(top, fmt.Sprintf("%s=%.2f", Catalogue[k].ID, c))
				}
			}
			ev.FalsePositives = append(ev.FalsePositives, fmt.Sprintf("%s rank %d (%s): composite %.2f [%s]", u.UnitID, u.Rank, u.Level,
				u.Composite, strings.Join(top, " ")))
		}
		if ps, ok := planted[u.UnitID]; ok && u.Rank > 20 {
			var top []string
			for k, c := range u.Contribution {
				if c != 0 {
					top = append(top, fmt.Sprintf("%s=%.2f", Catalogue[k].ID, c))
				}
			}
			ev.Missed = append(ev.Missed, fmt.Sprintf("%s rank %d (%s) %s: composite %.2f [%s]", u.UnitID, u.Rank, u.Level,
				strings.Join(ps, "+"), u.Composite, strings.Join(top, " ")))
		}
	}
	sort.Strings(ev.PerIndicator)
	return ev
}

// TestPlantedUnitsRankHigh is the model's acceptance test: on the
// generated small world (seed 1), ingested as `microrisk ingest` would and
// scored as of 2017-05-31, the composite must rank the planted units above
// the other scored units (AUC ≥ plantedAUC) and put most of them in the
// top 20 (precision@20 ≥ plantedP20). The indicators are built from the
// patterns DESIGN.md lists, not from the truth file; the truth only grades.
func TestPlantedUnitsRankHigh(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a world")
	}
	f, truth := loadWorld(t, "small", 1)
	ev := evaluatePlanted(t, f, truth, DefaultConfig())
	t.Logf("small seed 1: %d planted of %d scored; AUC %.3f, precision@20 %.2f, precision@%d %.2f",
		ev.Planted, ev.Scored, ev.AUC, ev.PrecisionAt20, ev.Planted, ev.RPrecision)
	t.Logf("planted units in the top %d by pattern: %s", ev.Planted, strings.Join(ev.ByPattern, ", "))
	t.Logf("per indicator: %s", strings.Join(ev.PerIndicator, ", "))
	for _, m := range ev.Missed {
		t.Logf("missed: %s", m)
	}
	if ev.AUC < plantedAUC {
		t.Errorf("AUC %.3f below %.2f", ev.AUC, plantedAUC)
	}
	if ev.PrecisionAt20 < plantedP20 {
		t.Errorf("precision@20 %.2f below %.2f", ev.PrecisionAt20, plantedP20)
	}
	// A model that reads context must beat the naive count of indicators
	// above their 95th percentile, and keep the clean look-alikes (care
	// homes, fixed allowances, policy amounts, bulk leases) out of the top.
	t.Logf("naive count: AUC %.3f, precision@%d %.2f; decoys in the top %d: %v", ev.BaselineAUC, ev.Planted,
		ev.BaselineRPrecision, ev.Planted, ev.DecoysInTop)
	if ev.AUC <= ev.BaselineAUC || ev.RPrecision < ev.BaselineRPrecision {
		t.Errorf("AUC %.3f, precision@%d %.2f: no better than the naive count (%.3f, %.2f)", ev.AUC, ev.Planted,
			ev.RPrecision, ev.BaselineAUC, ev.BaselineRPrecision)
	}
	if len(ev.DecoysInTop) > 0 {
		t.Errorf("decoys ranked among the top %d: %v", ev.Planted, ev.DecoysInTop)
	}
}

// The thresholds of the acceptance test. Random ranking gives an AUC of
// 0.5; the best single indicator on this world reaches about 0.82
// (reports_eb_rate; counting cases, the commission's practice, about 0.6,
// because each planted unit carries only one or two of eight patterns), so
// the composite must do clearly better than any one signal: 0.95. With 10
// planted units among about 180, precision@20 is at most 0.5; 0.4 asks for
// 8 of them in the top 20. Measured on seeds 1–5 (go test -run
// PlantedSeeds with MICRORISK_EVAL=small:1-5): AUC 0.991–1.000,
// precision@20 0.45–0.50; the margin absorbs changes to the generator.
const (
	plantedAUC = 0.95
	plantedP20 = 0.4
)

// TestPlantedSeeds measures the model over several seeds and the chengdu
// profile when MICRORISK_EVAL is set (it takes a while): the figures the
// model's documentation quotes.
func TestPlantedSeeds(t *testing.T) {
	spec := os.Getenv("MICRORISK_EVAL") // e.g. "small:1-5,chengdu:1"
	if spec == "" {
		t.Skip("set MICRORISK_EVAL=small:1-5 to measure")
	}
	for _, part := range strings.Split(spec, ",") {
		profile, seeds, _ := strings.Cut(part, ":")
		lo, hi := 1, 1
		if a, b, ok := strings.Cut(seeds, "-"); ok {
			lo, _ = strconv.Atoi(a)
			hi, _ = strconv.Atoi(b)
		} else if seeds != "" {
			lo, _ = strconv.Atoi(seeds)
			hi = lo
		}
		var sumAUC, sumP float64
		for seed := lo; seed <= hi; seed++ {
			start := time.Now()
			f, truth := loadWorld(t, profile, uint64(seed))
			loaded := time.Since(start)
			start = time.Now()
			ev := evaluatePlanted(t, f, truth, DefaultConfig())
			t.Logf("%s seed %d: %d planted of %d scored; AUC %.3f, precision@20 %.2f, precision@%d %.2f (load %.1fs, score %.1fs)",
				profile, seed, ev.Planted, ev.Scored, ev.AUC, ev.PrecisionAt20, ev.Planted, ev.RPrecision, loaded.Seconds(), time.Since(start).Seconds())
			t.Logf("   naive count of indicators above their P95: AUC %.3f, precision@%d %.2f", ev.BaselineAUC, ev.Planted, ev.BaselineRPrecision)
			t.Logf("   decoys in the top %d: %d of %d (naive count: %d) %v", ev.Planted, len(ev.DecoysInTop), ev.Decoys, ev.BaselineDecoysInTop, ev.DecoysInTop)
			t.Logf("   planted units in the top %d by pattern: %s", ev.Planted, strings.Join(ev.ByPattern, ", "))
			if os.Getenv("MICRORISK_EVAL_VERBOSE") != "" {
				for _, m := range ev.Missed {
					t.Logf("   missed: %s", m)
				}
				for _, m := range ev.FalsePositives {
					t.Logf("   top-20 unplanted: %s", m)
				}
			}
			sumAUC += ev.AUC
			sumP += ev.PrecisionAt20
		}
		n := float64(hi - lo + 1)
		t.Logf("%s seeds %d-%d: mean AUC %.3f, mean precision@20 %.2f", profile, lo, hi, sumAUC/n, sumP/n)
	}
}
