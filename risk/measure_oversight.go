package risk

import (
	"fmt"
	"math"
	"sort"

	"github.com/microrisk/microrisk/risk/stats"
)

// TourGap is the months since the unit's last routine or special tour
// against the coverage cycle (tours.coverage_years): value = gap ÷ cycle;
// Z = (gap − cycle/2) ÷ (cycle/4), so a unit toured half a cycle ago reads
// 0, one due now 2. A unit never toured reads the months since the first
// tour on record, as a lower bound. Its figures come from the rule's
// "units" statement (gap_months, gap_open); all units abstain when there
// is no tour on record at all.
type TourGap struct{}

func (TourGap) inGo() bool { return false }

func (TourGap) compute(in *ruleInput) ([]Value, []Flag) {
	gap, open := in.col("gap_months"), in.col("gap_open")
	cycle := float64(12 * in.cfg.Tours.CoverageYears)
	any := false
	for _, g := range gap {
		any = any || g > 0
	}
	out := make([]Value, len(gap))
	for i := range gap {
		if !any {
			out[i] = abstain("无巡察记录", "no tour on record")
			continue
		}
		z := (gap[i] - cycle/2) / (cycle / 4)
		out[i] = in.value(i, reasonData{Value: gap[i] / cycle, Z: z, Observed: gap[i], Expected: cycle})
		if open[i] == 1 {
			out[i].Zh = fmt.Sprintf("自巡察记录起始（%.0f个月前）以来从未被巡察，全覆盖周期为%.0f个月", gap[i], cycle)
			out[i].En = fmt.Sprintf("never toured since the tour records begin, %.0f months ago (coverage cycle %.0f months)", gap[i], cycle)
		}
	}
	return out, nil
}

// SurveyLow reads the unit's satisfaction index for the last full year
// against the other surveyed units of its level: value = robust z of the
// index (stats.RobustZ); low is risky (the indicator's direction is −1).
// Its records are the surveys (columns unit_id, record_id, record_on, idx,
// prev_idx, city_idx, level, batch_id, source_row); a survey below the
// level's median is a flag. Units without a survey that year abstain.
type SurveyLow struct{}

func (SurveyLow) inGo() bool { return true }

func (SurveyLow) compute(in *ruleInput) ([]Value, []Flag) {
	rs := in.recs
	byLevel := map[string][]int{}
	for r := range rs.rows {
		byLevel[rs.str(r, "level")] = append(byLevel[rs.str(r, "level")], r)
	}
	out := make([]Value, len(in.sc.Units))
	for i := range out {
		out[i] = abstain("该年度无满意度测评", "no satisfaction survey for the year")
	}
	var flags []Flag
	for _, rows := range byLevel {
		idx := make([]float64, len(rows))
		for j, r := range rows {
			idx[j] = rs.num(r, "idx")
		}
		med := stats.Median(idx)
		for j, z := range stats.RobustZ(idx) {
			r := rows[j]
			i, ok := in.sc.index[rs.str(r, "unit_id")]
			if !ok || math.IsNaN(z) {
				continue
			}
			prev, city := rs.num(r, "prev_idx"), rs.num(r, "city_idx")
			in.set("previous", i, nanZero(prev))
			in.set("city", i, nanZero(city))
			out[i] = in.value(i, reasonData{Value: z, Z: z, Observed: idx[j], Expected: med})
			if idx[j] < med {
				flags = append(flags, Flag{UnitID: in.sc.Units[i].ID, RecordID: rs.str(r, "record_id"), On: rs.date(r, "record_on"),
					Amount: math.NaN(), Batch: rs.int(r, "batch_id"), Row: rs.int(r, "source_row"),
					Figures: map[string]any{"index": round2(idx[j]), "level_median": round2(med), "previous": nanNil(prev), "city": nanNil(city)},
					Zh:      fmt.Sprintf("满意度指数%.2f，低于同级单位中位数%.2f", idx[j], med),
					En:      fmt.Sprintf("satisfaction index %.2f, below the median %.2f of units of its level", idx[j], med)})
			}
		}
	}
	return out, flags
}

func nanZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

// Silent finds units nobody watches whose ledgers are odd. Oversight
// intensity is the mean of two percent ranks among the scored units: tours
// and unannounced visits in the oversight window, and accusation-type
// reports per resident in the reports window (per staff member where the
// unit has no population). A unit in the lowest oversight.unwatched_share
// is unwatched; its anomaly is the sum of the weighted, clipped
// standardised values of its payment and asset indicators (computed before
// it in the catalogue). Value = anomaly × (1 − intensity) for unwatched
// units, 0 for the others; Observed holds the intensity (0–1), which
// combine reads to keep the case and report indicators from lowering an
// unwatched unit's score. Its records (columns unit_id, inspections,
// reports, population, staff) are one row per scored unit; a silent unit
// (unwatched with an anomaly above 0) is its own flag.
type Silent struct{}

func (Silent) inGo() bool { return true }

func (Silent) readsPrior() {}

func (Silent) compute(in *ruleInput) ([]Value, []Flag) {
	n := len(in.sc.Units)
	insp, rate := make([]float64, n), make([]float64, n)
	for r := range in.recs.rows {
		i, ok := in.sc.index[in.recs.str(r, "unit_id")]
		if !ok {
			continue
		}
		insp[i] = nanZero(in.recs.num(r, "inspections"))
		base := in.recs.num(r, "population")
		if !(base > 0) {
			base = in.recs.num(r, "staff") * 100 // a station's staff stand for the people it serves
		}
		if base > 0 {
			rate[i] = nanZero(in.recs.num(r, "reports")) / base
		}
	}
	pi, pr := stats.PercentRank(insp), stats.PercentRank(rate)
	intensity := make([]float64, n)
	for i := range intensity {
		intensity[i] = (pi[i] + pr[i]) / 2
	}
	cut := quantile(intensity, in.cfg.Oversight.UnwatchedShare)
	anomaly := in.anomaly(FamilyPayments, FamilyAssets)
	out := make([]Value, n)
	var flags []Flag
	for i, u := range in.sc.Units {
		v := 0.0
		unwatched := intensity[i] < cut
		if unwatched && anomaly[i] >= in.cfg.Oversight.SilentAnomaly {
			v = anomaly[i] * (1 - intensity[i])
		}
		in.set("inspections", i, insp[i])
		in.set("reports_per_1000", i, 1000*rate[i])
		in.set("anomaly", i, anomaly[i])
		out[i] = in.value(i, reasonData{Value: v, Z: v, Observed: intensity[i], Expected: cut})
		if !unwatched || v <= 0 {
			out[i].noReason()
			continue
		}
		zh, en := out[i].Reason()
		flags = append(flags, Flag{UnitID: u.ID, RecordID: u.ID, Amount: math.NaN(),
			Figures: map[string]any{"inspections": insp[i], "reports_per_1000": round2(1000 * rate[i]),
				"oversight_percentile": round2(100 * intensity[i]), "anomaly": round2(anomaly[i])},
			Zh: zh, En: en})
	}
	return out, flags
}

// quantile returns the p-quantile of x (type 7), −Inf for p = 0.
func quantile(x []float64, p float64) float64 {
	if p <= 0 || len(x) == 0 {
		return math.Inf(-1)
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	return stats.Quantile7(p, s)
}

// anomaly sums, per unit, the weighted contributions (clipped, one-sided
// where declared) of the indicators of the families named that were
// computed before this one.
func (in *ruleInput) anomaly(families ...string) []float64 {
	out := make([]float64, len(in.sc.Units))
	for _, ind := range Catalogue {
		vals, ok := in.prior[ind.ID]
		if !ok || !contains(families, ind.Family) {
			continue
		}
		w := in.cfg.Weight(ind.ID)
		for i, s := range standardise(ind, vals, in.cfg.Composite) {
			if !math.IsNaN(s) && s > 0 {
				out[i] += w * s
			}
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
