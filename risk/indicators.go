package risk

import (
	"fmt"
	"math"
	"time"

	"github.com/microrisk/microrisk/risk/benford"
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
	// Abstain says why there is no value ("" when there is one).
	Abstain string
	// Zh and En are the reason sentence stating the figures, used when the
	// indicator is among the unit's largest contributions.
	Zh, En string
}

// abstain returns a Value that abstains for the reason given in Chinese and
// English.
func abstain(zh, en string) Value {
	return Value{Value: math.NaN(), Z: math.NaN(), Observed: math.NaN(), Expected: math.NaN(), Abstain: zh + " / " + en}
}

// Abstains reports whether the indicator abstained.
func (v Value) Abstains() bool { return v.Abstain != "" }

// computer computes one indicator for every scored unit.
type computer func(a *aggregates, cfg Config, asOf time.Time) []Value

// computers maps each catalogue id to its computation.
var computers = map[string]computer{
	"cases_eb_rate":           casesEBRate,
	"cases_funnel_z":          casesFunnelZ,
	"reports_eb_rate":         reportsEBRate,
	"leads_open_key":          leadsOpenKey,
	"trend_cases":             trendCases,
	"payments_register_match": paymentsRegister,
	"payments_relatives":      paymentsRelatives,
	"payments_duplicate":      paymentsDuplicate,
	"payments_split":          paymentsSplit,
	"payments_round":          paymentsRound,
	"payments_benford_mad":    paymentsBenford,
	"payments_shared_account": paymentsSharedAccount,
	"assets_lease_price_z":    assetsLeasePrice,
	"assets_lease_below":      assetsLeaseBelow,
	"assets_no_bidding":       assetsNoBidding,
	"assets_long_term":        assetsLongTerm,
	"assets_unapproved":       assetsUnapproved,
}

// computeAll returns the catalogue's indicators, indexed [indicator][unit]
// in catalogue and unit order.
func computeAll(a *aggregates, cfg Config, asOf time.Time) [][]Value {
	out := make([][]Value, len(Catalogue))
	for k, ind := range Catalogue {
		out[k] = computers[ind.ID](a, cfg, asOf)
	}
	return out
}

// ebRelativeRisk smooths events over exposure with the global Poisson–Gamma
// prior fitted on every unit with exposure (stats.FitEBPrior) and returns
// each unit's smoothed rate ÷ the city rate, with observed = events,
// expected = city rate × exposure and Z = (RR − 1)/CV, CV = √v/m (0 when
// the prior variance is truncated to 0: no variation beyond noise). Units
// without exposure abstain.
func ebRelativeRisk(events, exposure []float64, missingZh, missingEn string,
	reason func(i int, rr float64) (zh, en string)) []Value {
	prior := stats.FitEBPrior(events, exposure)
	cv := math.Sqrt(prior.Var) / prior.Rate
	out := make([]Value, len(events))
	for i := range events {
		switch {
		case !(exposure[i] > 0):
			out[i] = abstain(missingZh, missingEn)
			continue
		case prior.Abstain != nil || prior.Rate <= 0:
			out[i] = abstain("全市无可比数据", "no city rate to compare with: "+priorWhy(prior))
			continue
		}
		rr := prior.Smooth(events[i], exposure[i]) / prior.Rate
		z := 0.0
		if cv > 0 {
			z = (rr - 1) / cv
		}
		out[i] = Value{Value: rr, Z: z, Observed: events[i], Expected: prior.Rate * exposure[i]}
		out[i].Zh, out[i].En = reason(i, rr)
	}
	return out
}

func priorWhy(p stats.EBPrior) string {
	if p.Abstain != nil {
		return p.Abstain.Error()
	}
	return "no events in the window"
}

// staffYears returns each unit's staff × window years (NaN without staff).
func staffYears(a *aggregates, months int) []float64 {
	out := make([]float64, len(a.Units))
	for i, u := range a.Units {
		out[i] = u.Staff * float64(months) / 12
	}
	return out
}

func column(a *aggregates, f func(u *unitAgg) float64) []float64 {
	out := make([]float64, len(a.Units))
	for i := range a.Units {
		out[i] = f(&a.Units[i])
	}
	return out
}

func casesEBRate(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.CasesMonths
	cases := column(a, func(u *unitAgg) float64 { return u.Cases })
	return ebRelativeRisk(cases, staffYears(a, m), "无干部职工人数", "no staff figure",
		func(i int, rr float64) (string, string) {
			return fmt.Sprintf("%d个月内立案%.0f件，经平滑后为全市平均水平的%.1f倍", m, cases[i], rr),
				fmt.Sprintf("%s in %d months, %.1f× the city rate after smoothing", nouns(cases[i], "case"), m, rr)
		})
}

// casesFunnelZ is the exact Poisson funnel z of the unit's cases against
// city rate × staff-years, divided by √φ, the Spiegelhalter (2005)
// over-dispersion factor of all units (φ taken as at least 1), so that a
// city whose units all vary more than Poisson noise does not put every
// unit in the tails.
func casesFunnelZ(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.CasesMonths
	cases := column(a, func(u *unitAgg) float64 { return u.Cases })
	exposure := staffYears(a, m)
	prior := stats.FitEBPrior(cases, exposure)
	expected := make([]float64, len(cases))
	for i, b := range exposure {
		if b > 0 {
			expected[i] = prior.Rate * b
		}
	}
	od := stats.FitOverdispersion(cases, expected, stats.Spiegelhalter, stats.DefaultTrim)
	phi := math.Max(od.Phi, 1)
	out := make([]Value, len(cases))
	for i := range cases {
		switch {
		case !(exposure[i] > 0):
			out[i] = abstain("无干部职工人数", "no staff figure")
			continue
		case prior.Rate <= 0:
			out[i] = abstain("全市无可比数据", "no city rate to compare with: "+priorWhy(prior))
			continue
		}
		z := stats.PoissonFunnelZ(cases[i], expected[i]) / math.Sqrt(phi)
		out[i] = Value{Value: z, Z: z, Observed: cases[i], Expected: expected[i],
			Zh: fmt.Sprintf("%d个月内立案%.0f件，按干部职工人数预期%.1f件（漏斗图z值%.1f）", m, cases[i], expected[i], z),
			En: fmt.Sprintf("%s in %d months against %.1f expected for its staff (funnel z %.1f)", nouns(cases[i], "case"), m, expected[i], z)}
	}
	return out
}

func reportsEBRate(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.ReportsMonths
	reports := column(a, func(u *unitAgg) float64 { return u.Reports })
	exposure := column(a, func(u *unitAgg) float64 { return u.Population * float64(m) / 12 })
	return ebRelativeRisk(reports, exposure, "无人口数", "no population figure",
		func(i int, rr float64) (string, string) {
			return fmt.Sprintf("%d个月内检控类举报%.0f件，经平滑后为全市平均水平的%.1f倍", m, reports[i], rr),
				fmt.Sprintf("%s in %d months, %.1f× the city rate after smoothing", nouns(reports[i], "accusation-type report"), m, rr)
		})
}

// leadsOpenKey is the Poisson excess z of the unit's open key leads against
// the city mean per scored unit. It never abstains: a unit with no open key
// lead has a real 0.
func leadsOpenKey(a *aggregates, _ Config, asOf time.Time) []Value {
	open := column(a, func(u *unitAgg) float64 { return u.OpenKey })
	var total float64
	for _, v := range open {
		total += v
	}
	mean := 0.0
	if len(open) > 0 {
		mean = total / float64(len(open))
	}
	day := asOf.Format("2006-01-02")
	out := make([]Value, len(open))
	for i, u := range a.Units {
		z := stats.PoissonFunnelZ(open[i], mean)
		out[i] = Value{Value: z, Z: z, Observed: open[i], Expected: mean}
		age := monthsBetween(u.Oldest, asOf)
		out[i].Zh = fmt.Sprintf("截至%s仍有%.0f条重点线索未销号（全市每单位平均%s条），最早的已积压%d个月", day, open[i], small(mean), age)
		out[i].En = fmt.Sprintf("%s still open at %s (city mean %s per unit), the oldest for %s", nouns(open[i], "key lead"), day, small(mean), nouns(float64(age), "month"))
	}
	return out
}

// small writes a figure with one decimal, or two significant digits below
// 1 so that a small city mean does not print as 0.0.
func small(x float64) string {
	if x >= 1 || x == 0 {
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2g", x)
}

// nouns writes a count with its noun, plural unless the count is 1:
// "1 case", "7 cases".
func nouns(n float64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%.0f %ss", n, noun)
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

// trendCases compares the last trend window with the one before it by the
// exact rate-ratio test and returns the test's normal score, signed by the
// direction of the change.
func trendCases(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.TrendMonths
	out := make([]Value, len(a.Units))
	for i, u := range a.Units {
		if u.Recent+u.Previous < float64(cfg.Minimums.TrendCases) {
			out[i] = abstain(fmt.Sprintf("前后两期合计立案不足%d件", cfg.Minimums.TrendCases),
				fmt.Sprintf("fewer than %d cases in the two windows", cfg.Minimums.TrendCases))
			continue
		}
		rr := stats.RateRatioTest(u.Recent, 1, u.Previous, 1)
		z := distuv.UnitNormal.Quantile(1 - rr.P/2)
		if u.Recent < u.Previous {
			z = -z
		}
		ratio := "∞"
		if !math.IsInf(rr.Ratio, 1) {
			ratio = fmt.Sprintf("%.1f", rr.Ratio)
		}
		out[i] = Value{Value: z, Z: z, Observed: u.Recent, Expected: u.Previous,
			Zh: fmt.Sprintf("近%d个月立案%.0f件，此前%d个月%.0f件（%s倍，p=%.3f）", m, u.Recent, m, u.Previous, ratio, rr.P),
			En: fmt.Sprintf("%s in the last %d months against %.0f in the %d before (%s×, p = %.3f)", nouns(u.Recent, "case"), m, u.Previous, m, ratio, rr.P)}
	}
	return out
}

// excess is a count of flagged items among n items per unit, compared with
// the city share: observed k, expected = n × Σk/Σn, value = the exact
// Poisson mid-p z (stats.PoissonFunnelZ). Units with fewer than min items
// abstain; so do all units when nothing is counted anywhere.
type excess struct {
	k, n         []float64
	min          float64
	fewZh, fewEn string
}

func (e excess) values(reason func(i int, share, cityShare float64) (zh, en string)) []Value {
	var sk, sn float64
	for i := range e.k {
		if e.n[i] >= e.min {
			sk += e.k[i]
			sn += e.n[i]
		}
	}
	city := 0.0
	if sn > 0 {
		city = sk / sn
	}
	out := make([]Value, len(e.k))
	for i := range e.k {
		if !(e.n[i] >= e.min) || e.n[i] == 0 {
			out[i] = abstain(e.fewZh, e.fewEn)
			continue
		}
		exp := city * e.n[i]
		z := stats.PoissonFunnelZ(e.k[i], exp)
		out[i] = Value{Value: z, Z: z, Observed: e.k[i], Expected: exp}
		out[i].Zh, out[i].En = reason(i, e.k[i]/e.n[i], city)
	}
	return out
}

func paymentExcess(a *aggregates, cfg Config, k func(u *unitAgg) float64) excess {
	min := cfg.Minimums.Payments
	return excess{
		k: column(a, k), n: column(a, func(u *unitAgg) float64 { return u.Payments }), min: float64(min),
		fewZh: fmt.Sprintf("%d个月内发放不足%d笔", cfg.Windows.PaymentsMonths, min),
		fewEn: fmt.Sprintf("fewer than %d payments in %d months", min, cfg.Windows.PaymentsMonths),
	}
}

func paymentsRegister(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.PaymentsMonths
	return paymentExcess(a, cfg, func(u *unitAgg) float64 { return u.Matched }).values(
		func(i int, share, city float64) (string, string) {
			u := a.Units[i]
			return fmt.Sprintf("%d个月内向已死亡人员发放%.0f笔、向财政供养人员发放%.0f笔（每千笔%.1f笔，全市%.1f笔）",
					m, u.Deceased, u.PublicEmploy, 1000*share, 1000*city),
				fmt.Sprintf("%s to deceased persons and %.0f to public employees in %d months (%.1f per 1,000 payments; city %.1f)",
					nouns(u.Deceased, "payment"), u.PublicEmploy, m, 1000*share, 1000*city)
		})
}

func paymentsRelatives(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.PaymentsMonths
	return paymentExcess(a, cfg, func(u *unitAgg) float64 { return u.Relatives }).values(
		func(i int, share, city float64) (string, string) {
			u := a.Units[i]
			return fmt.Sprintf("%d个月内向本单位干部亲属%.0f人发放%.0f笔（每千笔%.1f笔，全市%.1f笔）",
					m, u.RelativePayees, u.Relatives, 1000*share, 1000*city),
				fmt.Sprintf("%s to %s of the unit's cadres in %d months (%.1f per 1,000 payments; city %.1f)",
					nouns(u.Relatives, "payment"), nouns(u.RelativePayees, "relative"), m, 1000*share, 1000*city)
		})
}

func paymentsDuplicate(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.PaymentsMonths
	return paymentExcess(a, cfg, func(u *unitAgg) float64 { return u.Duplicates }).values(
		func(i int, share, city float64) (string, string) {
			d := a.Units[i].Duplicates
			return fmt.Sprintf("%d个月内同一人同一项目同月重复发放%.0f笔（每千笔%.1f笔，全市%.1f笔）", m, d, 1000*share, 1000*city),
				fmt.Sprintf("%s (same payee, programme and month) in %d months (%.1f per 1,000 payments; city %.1f)",
					nouns(d, "duplicate payment"), m, 1000*share, 1000*city)
		})
}

func paymentsSplit(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.PaymentsMonths
	limit := cfg.Payments.ApprovalLimit
	below := (1 - cfg.Payments.SplitBand) * 100
	return paymentExcess(a, cfg, func(u *unitAgg) float64 { return u.Split }).values(
		func(i int, share, city float64) (string, string) {
			k := a.Units[i].Split
			return fmt.Sprintf("%d个月内%.0f笔金额略低于审批限额%g元（低于限额%.0f%%以内，占%.1f%%，全市%.1f%%）",
					m, k, limit, below, 100*share, 100*city),
				fmt.Sprintf("%s in %d months within %.0f%% under the %g-yuan approval limit (%.1f%%; city %.1f%%)",
					nouns(k, "payment"), m, below, limit, 100*share, 100*city)
		})
}

func paymentsRound(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.PaymentsMonths
	mult := cfg.Payments.RoundMultiple
	return paymentExcess(a, cfg, func(u *unitAgg) float64 { return u.Round }).values(
		func(i int, share, city float64) (string, string) {
			k := a.Units[i].Round
			return fmt.Sprintf("%d个月内%.0f笔金额为%g元的整数倍（占%.1f%%，全市%.1f%%）", m, k, mult, 100*share, 100*city),
				fmt.Sprintf("%s in %d months in whole multiples of %g yuan (%.1f%%; city %.1f%%)", nouns(k, "payment"), m, mult, 100*share, 100*city)
		})
}

func paymentsBenford(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.PaymentsMonths
	bc := benford.DefaultConfig()
	bc.MinN = int64(cfg.Minimums.BenfordPayments)
	out := make([]Value, len(a.Units))
	for i, u := range a.Units {
		var r benford.Result
		if u.Digits != nil {
			r = bc.FromCounts(benford.FirstTwo, u.Digits)
		}
		if u.Digits == nil || r.Abstain != "" || r.N < int64(cfg.Minimums.BenfordPayments) {
			out[i] = abstain(fmt.Sprintf("%d个月内可作首两位数字检验的发放不足%d笔", m, cfg.Minimums.BenfordPayments),
				fmt.Sprintf("fewer than %d payments in %d months for the first-two-digit test", cfg.Minimums.BenfordPayments, m))
			continue
		}
		// The MAD of conforming data shrinks like 1/√n, so the raw MAD
		// would rank units by their number of payments: compare it with
		// the MAD Benford data show at this n.
		exp := benford.ExpectedMAD(benford.FirstTwo, r.N)
		ratio := r.MAD / exp
		out[i] = Value{Value: ratio, Observed: r.MAD, Expected: exp,
			Zh: fmt.Sprintf("%d个月内发放%d笔，金额前两位数字MAD为%.4f，是符合本福特定律时预期值的%.1f倍（Nigrini判定：%s）",
				m, r.N, r.MAD, ratio, r.Verdict.Chinese()),
			En: fmt.Sprintf("first-two-digit MAD %.4f over %d payments in %d months, %.1f× that expected under Benford's law (Nigrini: %s)",
				r.MAD, r.N, m, ratio, r.Verdict)}
	}
	return out
}

// leaseZ holds, per unit, the robust z (stats.RobustZ within the district,
// on log price per mu per year) and the price of each of its leases, for
// districts with at least minimums.district_leases leases, and each such
// district's median price. Logs, because prices deviate by factors.
type leaseZ struct {
	z, price       map[string][]float64
	districtMedian map[string]float64
	leases         map[string]int // all leases with an area, per unit
}

func leaseScores(a *aggregates, cfg Config) leaseZ {
	lz := leaseZ{z: map[string][]float64{}, price: map[string][]float64{}, districtMedian: map[string]float64{}, leases: map[string]int{}}
	for _, l := range a.Leases {
		lz.leases[l.Unit]++
	}
	for lo := 0; lo < len(a.Leases); {
		hi := lo
		for hi < len(a.Leases) && a.Leases[hi].District == a.Leases[lo].District {
			hi++
		}
		group := a.Leases[lo:hi]
		lo = hi
		if len(group) < cfg.Minimums.DistrictLeases {
			continue
		}
		logs := make([]float64, len(group))
		prices := make([]float64, len(group))
		for j, l := range group {
			logs[j] = math.Log(l.Price)
			prices[j] = l.Price
		}
		lz.districtMedian[group[0].District] = stats.Median(prices)
		for j, z := range stats.RobustZ(logs) {
			u := group[j].Unit
			lz.z[u] = append(lz.z[u], z)
			lz.price[u] = append(lz.price[u], group[j].Price)
		}
	}
	return lz
}

// abstainLease returns the abstention of a unit with too few leases or in a
// district without a going price, and ok = false when the unit has a value.
func (lz leaseZ) abstainLease(id string, cfg Config) (Value, bool) {
	m := cfg.Windows.AssetsMonths
	switch {
	case lz.leases[id] == 0:
		return abstain(fmt.Sprintf("%d个月内无有面积的出租", m), fmt.Sprintf("no lease with an area in %d months", m)), true
	case lz.leases[id] < cfg.Minimums.Leases:
		return abstain(fmt.Sprintf("%d个月内有面积的出租不足%d宗", m, cfg.Minimums.Leases),
			fmt.Sprintf("fewer than %d leases with an area in %d months", cfg.Minimums.Leases, m)), true
	case lz.z[id] == nil:
		return abstain(fmt.Sprintf("所在区县出租不足%d宗，无法形成参考价", cfg.Minimums.DistrictLeases),
			fmt.Sprintf("fewer than %d leases in the district to form a going price", cfg.Minimums.DistrictLeases)), true
	}
	return Value{}, false
}

// assetsLeasePrice is the median over the unit's leases of their robust z
// within the district: low when the unit leases its land cheaply across
// the board.
func assetsLeasePrice(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.AssetsMonths
	lz := leaseScores(a, cfg)
	out := make([]Value, len(a.Units))
	for i, u := range a.Units {
		if v, ok := lz.abstainLease(u.ID, cfg); ok {
			out[i] = v
			continue
		}
		z := stats.Median(lz.z[u.ID])
		price := stats.Median(lz.price[u.ID])
		dm := lz.districtMedian[u.District]
		n := len(lz.z[u.ID])
		out[i] = Value{Value: z, Z: z, Observed: price, Expected: dm,
			Zh: fmt.Sprintf("%d个月内出租%d宗，每亩年租金中位数%.0f元，为全区中位数%.0f元的%.0f%%（稳健z值%.1f）",
				m, n, price, dm, 100*price/dm, z),
			En: fmt.Sprintf("%s in %d months at a median %.0f yuan per mu per year, %.0f%% of the district median %.0f (robust z %.1f)",
				nouns(float64(n), "lease"), m, price, 100*price/dm, dm, z)}
	}
	return out
}

// assetsLeaseBelow is the Poisson excess z of the unit's leases priced far
// below the district (robust z under assets.low_price_z) against the city
// share: it catches a few sweetheart leases among honest ones, which the
// median of assets_lease_price_z does not see.
func assetsLeaseBelow(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.AssetsMonths
	lz := leaseScores(a, cfg)
	k := make([]float64, len(a.Units))
	n := make([]float64, len(a.Units))
	lowest := make([]float64, len(a.Units))
	for i, u := range a.Units {
		lowest[i] = math.Inf(1)
		for j, z := range lz.z[u.ID] {
			n[i]++
			if z < cfg.Assets.LowPriceZ {
				k[i]++
			}
			lowest[i] = math.Min(lowest[i], lz.price[u.ID][j])
		}
	}
	e := excess{k: k, n: n, min: float64(max(cfg.Minimums.Leases, 1))}
	out := e.values(func(i int, share, city float64) (string, string) {
		dm := lz.districtMedian[a.Units[i].District]
		return fmt.Sprintf("%d个月内出租%.0f宗，其中%.0f宗每亩年租金远低于全区水平（稳健z值低于%g；最低%.0f元，为全区中位数的%.0f%%；全市此类占%.1f%%）",
				m, n[i], k[i], cfg.Assets.LowPriceZ, lowest[i], 100*lowest[i]/dm, 100*city),
			fmt.Sprintf("%.0f of %.0f leases in %d months far below the district's price (robust z under %g; the lowest %.0f yuan per mu, %.0f%% of the district median; city share %.1f%%)",
				k[i], n[i], m, cfg.Assets.LowPriceZ, lowest[i], 100*lowest[i]/dm, 100*city)
	})
	for i, u := range a.Units {
		if v, ok := lz.abstainLease(u.ID, cfg); ok {
			out[i] = v
		}
	}
	return out
}

// dealExcess is the excess of flagged leases and contracts.
func dealExcess(a *aggregates, cfg Config, k, n func(u *unitAgg) float64, what, whatEn string) excess {
	m, min := cfg.Windows.AssetsMonths, cfg.Minimums.Deals
	return excess{k: column(a, k), n: column(a, n), min: float64(min),
		fewZh: fmt.Sprintf("%d个月内%s不足%d宗", m, what, min), fewEn: fmt.Sprintf("fewer than %d %s in %d months", min, whatEn, m)}
}

func assetsNoBidding(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.AssetsMonths
	return dealExcess(a, cfg, func(u *unitAgg) float64 { return u.NoBidding }, func(u *unitAgg) float64 { return u.Deals },
		"出租发包", "leases and contracts").values(func(i int, share, city float64) (string, string) {
		u := a.Units[i]
		return fmt.Sprintf("%d个月内出租发包%.0f宗，其中未公开招标%.0f宗（占%.0f%%，全市%.0f%%）", m, u.Deals, u.NoBidding, 100*share, 100*city),
			fmt.Sprintf("%.0f of %.0f leases and contracts in %d months without public bidding (%.0f%%; city %.0f%%)", u.NoBidding, u.Deals, m, 100*share, 100*city)
	})
}

func assetsLongTerm(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.AssetsMonths
	limit := cfg.Assets.MaxTermYears
	return dealExcess(a, cfg, func(u *unitAgg) float64 { return u.LongTerm }, func(u *unitAgg) float64 { return u.Deals },
		"出租发包", "leases and contracts").values(func(i int, share, city float64) (string, string) {
		u := a.Units[i]
		return fmt.Sprintf("%d个月内出租发包%.0f宗，其中期限超过%g年%.0f宗（全市占%.1f%%）", m, u.Deals, limit, u.LongTerm, 100*city),
			fmt.Sprintf("%.0f of %.0f leases and contracts in %d months run over %g years (city share %.1f%%)", u.LongTerm, u.Deals, m, limit, 100*city)
	})
}

func assetsUnapproved(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.AssetsMonths
	return dealExcess(a, cfg, func(u *unitAgg) float64 { return u.Unapproved }, func(u *unitAgg) float64 { return u.Txns },
		"集体三资业务", "collective transactions").values(func(i int, share, city float64) (string, string) {
		u := a.Units[i]
		return fmt.Sprintf("%d个月内集体三资业务%.0f笔，其中未经审批%.0f笔（占%.1f%%，全市%.1f%%）", m, u.Txns, u.Unapproved, 100*share, 100*city),
			fmt.Sprintf("%.0f of %.0f collective transactions in %d months not approved (%.1f%%; city %.1f%%)", u.Unapproved, u.Txns, m, 100*share, 100*city)
	})
}

func paymentsSharedAccount(a *aggregates, cfg Config, _ time.Time) []Value {
	m := cfg.Windows.PaymentsMonths
	return paymentExcess(a, cfg, func(u *unitAgg) float64 { return u.Shared }).values(
		func(i int, share, city float64) (string, string) {
			u := a.Units[i]
			return fmt.Sprintf("%d个月内%.0f笔款项汇入%.0f个由%d人以上共用的银行账户，涉及领取人%.0f人（每千笔%.1f笔，全市%.1f笔）",
					m, u.Shared, u.SharedAccounts, cfg.Payments.AccountPayees, u.SharedPayees, 1000*share, 1000*city),
				fmt.Sprintf("%s in %d months into %s shared by %d or more payees, for %s (%.1f per 1,000 payments; city %.1f)",
					nouns(u.Shared, "payment"), m, nouns(u.SharedAccounts, "bank account"), cfg.Payments.AccountPayees, nouns(u.SharedPayees, "payee"), 1000*share, 1000*city)
		})
}
