package risk

import (
	"fmt"
	"math"
	"time"

	"github.com/microrisk/microrisk/risk/stats"
	"gonum.org/v1/gonum/stat/distuv"
)

// Value is one indicator of one unit.
type Value struct {
	// Value is the indicator (see Indicator.Value); NaN when it abstains.
	Value float64
	// Z is the indicator's own standardisation of Value, for indicators
	// of Scale ScaleOwn (see there); unused otherwise.
	Z float64
	// Observed and Expected are the figures behind it (see the catalogue);
	// NaN where they do not apply.
	Observed, Expected float64
	// AtStake is the sum of the amounts of the unit's flagged records
	// (NaN when they carry none).
	AtStake float64
	// Abstain says why there is no value ("" when there is one).
	Abstain string
	// Zh and En are the reason sentence stating the figures, used when the
	// indicator is among the unit's largest contributions. A measure may
	// set them; otherwise Reason renders them from the reason templates
	// when they are first needed (most values never are: only those with a
	// positive contribution are stored with their sentence).
	Zh, En string
	lazy   *lazyReason
}

// lazyReason is what renders a value's reason sentences: the indicator's
// input, the unit's index and the figures it states.
type lazyReason struct {
	in *ruleInput
	i  int
	d  reasonData
}

// Reason returns the value's reason sentences, rendering them from the
// indicator's templates on first use.
func (v *Value) Reason() (zh, en string) {
	if v.lazy != nil && v.Zh == "" && v.En == "" {
		v.Zh, v.En = v.lazy.render()
	}
	v.lazy = nil
	return v.Zh, v.En
}

// noReason drops the value's reason sentences: the measure has nothing to
// say of this unit.
func (v *Value) noReason() { v.Zh, v.En, v.lazy = "", "", nil }

// abstain returns a Value that abstains for the reason given in Chinese and
// English.
func abstain(zh, en string) Value {
	return Value{Value: math.NaN(), Z: math.NaN(), Observed: math.NaN(), Expected: math.NaN(), AtStake: math.NaN(),
		Abstain: zh + " / " + en}
}

// Abstains reports whether the indicator abstained.
func (v Value) Abstains() bool { return v.Abstain != "" }

// Measure computes one indicator for every scored unit from its records
// and figures. The measures are the kinds of statistic the catalogue
// uses; a new indicator picks one.
type Measure interface {
	// inGo reports whether the measure reads the records itself and
	// chooses which become flags (and says why); otherwise every record is
	// a flag, copied by SQL, and the measure sees only per-unit figures.
	inGo() bool
	compute(in *ruleInput) ([]Value, []Flag)
}

// Excess compares the unit's records (observed k) with the city share of
// its denominator: n = the base figure Over (payments, deals, txns), expected
// = n × Σk/Σn over the units with at least the indicator's minimum of n,
// value = the exact Poisson mid-p z (stats.PoissonFunnelZ). Units below the
// minimum abstain.
//
// With WithinDistrict the share is the unit's district's: a district-wide
// campaign that raises every unit's reports raises its expectation too.
type Excess struct {
	Over           string // the base figure: payments, deals or txns
	WithinDistrict bool
}

func (Excess) inGo() bool { return false }

func (m Excess) compute(in *ruleInput) ([]Value, []Flag) {
	k, n := in.col("observed"), in.col(m.Over)
	if !m.WithinDistrict {
		return in.excess(k, n, float64(in.min), m.Over), nil
	}
	out := make([]Value, len(k))
	groups := map[string][]int{}
	for i, u := range in.sc.Units {
		groups[u.District] = append(groups[u.District], i)
	}
	for _, idx := range groups {
		kk, nn := make([]float64, len(idx)), make([]float64, len(idx))
		for j, i := range idx {
			kk[j], nn[j] = k[i], n[i]
		}
		for j, v := range in.excessAt(kk, nn, float64(in.min), m.Over, idx) {
			out[idx[j]] = v
		}
	}
	return out, nil
}

// excess is Excess's computation on given counts, shared with LeaseBelow.
func (in *ruleInput) excess(k, n []float64, min float64, over string) []Value {
	return in.excessAt(k, n, min, over, allUnits(len(k)))
}

// excessAt computes the excess of k over n for the units at (their
// indexes in the scope; k and n are theirs, in that order).
func (in *ruleInput) excessAt(k, n []float64, min float64, over string, at []int) []Value {
	var sk, sn float64
	for i := range k {
		if n[i] >= min && n[i] > 0 {
			sk += k[i]
			sn += n[i]
		}
	}
	city := 0.0
	if sn > 0 {
		city = sk / sn
	}
	out := make([]Value, len(k))
	for i := range k {
		if !(n[i] >= min) || n[i] == 0 {
			out[i] = in.few(over)
			continue
		}
		exp := city * n[i]
		z := stats.PoissonFunnelZ(k[i], exp)
		out[i] = in.value(at[i], reasonData{Value: z, Z: z, Observed: k[i], Expected: exp, N: n[i], Share: k[i] / n[i], City: city})
	}
	return out
}

// StratifiedExcess is Excess with the city share taken per stratum: the
// records carry a column stratum (the programme, the kind of transaction),
// the base figure Over is counted per stratum too (strataBases), and the
// unit's expected count is Σ over its strata of its n in the stratum × the
// share of records in that stratum among all units with at least the
// minimum — with WithinDistrict, among the units of its own district. So a
// unit is compared with peers paying the same programmes: a fixed-amount
// allowance is round for everyone who pays it, a district's policy amount
// under the approval limit is paid by the whole district, and neither is
// an excess. Value = the exact Poisson mid-p z of observed against that
// expectation; the reason's City is expected ÷ n, the peers' share for the
// unit's mix.
type StratifiedExcess struct {
	Over           string // the base figure: payments or txns
	By             string // the stratum: program or kind
	WithinDistrict bool
}

func (StratifiedExcess) inGo() bool { return false }

func (m StratifiedExcess) compute(in *ruleInput) ([]Value, []Flag) {
	n := in.col(m.Over)
	base := in.sc.strata[m.Over+"/"+m.By]
	if base == nil {
		panic("risk: no strata base " + m.Over + "/" + m.By) // a bug in the declaration
	}
	min := float64(in.min)
	// Totals per (district, stratum) over the units above the minimum.
	type key struct{ district, stratum string }
	kk, nn := map[key]float64{}, map[key]float64{}
	keyOf := func(i int, s string) key {
		if m.WithinDistrict {
			return key{in.sc.Units[i].District, s}
		}
		return key{"", s}
	}
	for i := range in.sc.Units {
		if !(n[i] >= min) || n[i] == 0 {
			continue
		}
		for s, c := range base[i] {
			nn[keyOf(i, s)] += c
		}
		for s, c := range in.strata[i] {
			kk[keyOf(i, s)] += c
		}
	}
	k := in.col("observed")
	out := make([]Value, len(k))
	for i := range k {
		if !(n[i] >= min) || n[i] == 0 {
			out[i] = in.few(m.Over)
			continue
		}
		var exp float64
		for s, c := range base[i] {
			if t := nn[keyOf(i, s)]; t > 0 {
				exp += c * kk[keyOf(i, s)] / t
			}
		}
		z := stats.PoissonFunnelZ(k[i], exp)
		out[i] = in.value(i, reasonData{Value: z, Z: z, Observed: k[i], Expected: exp, N: n[i], Share: k[i] / n[i], City: exp / n[i]})
	}
	return out, nil
}

// EBRate is the empirical-Bayes relative risk of the unit's records over
// its exposure (the scope figure Exposure — staff or population — times the
// window in years): the global Poisson–Gamma prior is fitted on every unit
// with exposure (stats.FitEBPrior, Marshall 1991), value = smoothed rate ÷
// city rate, expected = city rate × exposure, Z = (RR − 1)/CV with CV = √v/m
// (0 when the prior variance is truncated to 0: no variation beyond noise).
// Units without exposure abstain.
//
// With ByDistrict the prior is fitted per district and the unit compared
// with its own district's rate in the same window: a district-wide
// publicity drive for the 12388 line, or a 清仓起底 sweep of old petitions,
// raises reports for every unit in it, and more reports then mean more
// listening, not more corruption (DOMAIN.md).
type EBRate struct {
	Exposure   string // staff or population
	ByDistrict bool
}

func (EBRate) inGo() bool { return false }

func (m EBRate) compute(in *ruleInput) ([]Value, []Flag) {
	events, exposure := in.col("observed"), in.exposure(m.Exposure)
	out := make([]Value, len(events))
	if !m.ByDistrict {
		ebValues(in, m.Exposure, events, exposure, allUnits(len(events)), out)
		return out, nil
	}
	groups := map[string][]int{}
	for i, u := range in.sc.Units {
		groups[u.District] = append(groups[u.District], i)
	}
	for _, idx := range groups {
		ebValues(in, m.Exposure, events, exposure, idx, out)
	}
	return out, nil
}

func allUnits(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// ebValues fits the prior on the units idx (with exposure of the kind
// named) and writes their values into out.
func ebValues(in *ruleInput, exposureKind string, allEvents, allExposure []float64, idx []int, out []Value) {
	events, exposure := make([]float64, len(idx)), make([]float64, len(idx))
	for j, i := range idx {
		events[j], exposure[j] = allEvents[i], allExposure[i]
	}
	prior := stats.FitEBPrior(events, exposure)
	cv := math.Sqrt(prior.Var) / prior.Rate
	for j, i := range idx {
		switch {
		case !(exposure[j] > 0):
			out[i] = in.noExposure(exposureKind)
			continue
		case prior.Abstain != nil || prior.Rate <= 0:
			out[i] = abstain("无可比数据", "no rate to compare with: "+priorWhy(prior))
			continue
		}
		rr := prior.Smooth(events[j], exposure[j]) / prior.Rate
		z := 0.0
		if cv > 0 {
			z = (rr - 1) / cv
		}
		out[i] = in.value(i, reasonData{Value: rr, Z: z, Observed: events[j], Expected: prior.Rate * exposure[j]})
	}
}

func priorWhy(p stats.EBPrior) string {
	if p.Abstain != nil {
		return p.Abstain.Error()
	}
	return "no events in the window"
}

// Funnel is the funnel-plot z of the unit's records against city rate ×
// exposure, allowing for overdispersion as reminders.overdispersion says:
// with "cqc" (Spiegelhalter 2005) the exact Poisson mid-p z
// (stats.PoissonFunnelZ) divided by √φ, φ ≥ 1, fitted on every unit; with
// "shmi" the log-scale z with the additive between-unit variance τ²
// (stats.Overdispersion.Z); with "none" the exact Poisson z alone. So a
// city whose units all vary more than Poisson noise does not put every
// unit in the tails.
type Funnel struct {
	Exposure string // staff or population
}

func (Funnel) inGo() bool { return false }

func (m Funnel) compute(in *ruleInput) ([]Value, []Flag) {
	events, exposure := in.col("observed"), in.exposure(m.Exposure)
	prior := stats.FitEBPrior(events, exposure)
	expected := make([]float64, len(events))
	for i, b := range exposure {
		if b > 0 {
			expected[i] = prior.Rate * b
		}
	}
	method, adjust := in.cfg.Reminders.ODMethod()
	var od stats.Overdispersion
	if adjust {
		od = stats.FitOverdispersion(events, expected, method, stats.DefaultTrim)
	}
	out := make([]Value, len(events))
	for i := range events {
		switch {
		case !(exposure[i] > 0):
			out[i] = in.noExposure(m.Exposure)
			continue
		case prior.Rate <= 0:
			out[i] = abstain("全市无可比数据", "no city rate to compare with: "+priorWhy(prior))
			continue
		}
		z := stats.PoissonFunnelZ(events[i], expected[i])
		switch {
		case adjust && method == stats.Spiegelhalter:
			z /= math.Sqrt(math.Max(od.Phi, 1))
		case adjust:
			z = od.Z(events[i], expected[i])
		}
		out[i] = in.value(i, reasonData{Value: z, Z: z, Observed: events[i], Expected: expected[i]})
	}
	return out, nil
}

// RateRatio compares the unit's records in the last window (observed) with
// the figure Previous (the same count in the window before) by the exact
// rate-ratio test (stats.RateRatioTest) and returns the test's normal
// score, signed by the direction of the change. Units with fewer records
// than the minimum in the two windows together abstain.
type RateRatio struct {
	Previous string // the unit figure holding the earlier window's count
}

func (RateRatio) inGo() bool { return false }

func (m RateRatio) compute(in *ruleInput) ([]Value, []Flag) {
	recent, previous := in.col("observed"), in.col(m.Previous)
	out := make([]Value, len(recent))
	for i := range recent {
		if recent[i]+previous[i] < float64(in.min) {
			out[i] = abstain(fmt.Sprintf("前后两期合计立案不足%d件", in.min),
				fmt.Sprintf("fewer than %d cases in the two windows", in.min))
			continue
		}
		rr := stats.RateRatioTest(recent[i], 1, previous[i], 1)
		z := distuv.UnitNormal.Quantile(1 - rr.P/2)
		if recent[i] < previous[i] {
			z = -z
		}
		out[i] = in.value(i, reasonData{Value: z, Z: z, Observed: recent[i], Expected: previous[i],
			Ratio: rr.Ratio, PValue: rr.P})
	}
	return out, nil
}

// Backlog is the Poisson excess z of the unit's records (open items at the
// as-of date) against the city mean per scored unit. It never abstains: a
// unit with no open item has a real 0.
type Backlog struct{}

func (Backlog) inGo() bool { return false }

func (Backlog) compute(in *ruleInput) ([]Value, []Flag) {
	open := in.col("observed")
	var total float64
	for _, v := range open {
		total += v
	}
	mean := 0.0
	if len(open) > 0 {
		mean = total / float64(len(open))
	}
	out := make([]Value, len(open))
	for i := range open {
		z := stats.PoissonFunnelZ(open[i], mean)
		out[i] = in.value(i, reasonData{Value: z, Z: z, Observed: open[i], Expected: mean})
	}
	return out, nil
}

// monthsBetween returns the whole months from a to b (0 when a is zero).
func monthsBetween(a, b time.Time) int {
	if a.IsZero() || b.Before(a) {
		return 0
	}
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return max(m, 0)
}
