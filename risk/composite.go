package risk

import (
	"fmt"
	"math"
	"sort"

	"github.com/microrisk/microrisk/risk/stats"
)

// Bands of the composite score.
const (
	BandHigh     = "high"
	BandElevated = "elevated"
	BandNormal   = "normal"
	// BandInsufficient marks a unit for which too many indicators
	// abstained to score it (composite.max_abstain_share).
	BandInsufficient = "insufficient"
)

// UnitScore is one scored unit's result.
type UnitScore struct {
	UnitID, Level, District string
	// Values are the unit's indicators in catalogue order.
	Values []Value
	// Std is each indicator's standardised value (direction applied, so
	// higher is riskier, and clipped); NaN where it abstained.
	Std []float64
	// Contribution is weight × Std (0 where it abstained): the composite is
	// their sum.
	Contribution []float64
	// Composite is the weighted sum of the standardised indicators.
	Composite float64
	// Family is the sum of the contributions of each family (in the order
	// of Families); NaN where every indicator of the family abstained.
	Family []float64
	// FamilyScore is 100 × the percent rank of Family among the units
	// where the family did not abstain (NaN where it did).
	FamilyScore []float64
	// Score is 100 × the percent rank of Composite among the scored units
	// (0 the lowest, 100 the highest): "riskier than Score% of units".
	Score float64
	// Rank is 1 for the riskiest unit (ties in Composite broken by unit
	// id); units with insufficient data come after every other.
	Rank int
	// Insufficient is true when more than composite.max_abstain_share of
	// the indicators abstained: the unit is banded insufficient, scored 0
	// and ranked last.
	Insufficient bool
	// abstained of live indicators (for the insufficiency reason).
	abstained, live int
	Band            string
	// ReasonsZh and ReasonsEn are the sentences of the largest positive
	// contributions, largest first.
	ReasonsZh, ReasonsEn []string
}

// standardise returns the standardised value of one indicator for every
// unit: by the indicator's Scale, times its Direction, clipped to
// [clip_low, clip_high] ([0, clip_high] when it is OneSided); NaN where it
// abstains.
func standardise(ind Indicator, vals []Value, c Composite) []float64 {
	out := make([]float64, len(vals))
	var present []float64
	var idx []int
	for i, v := range vals {
		out[i] = math.NaN()
		if !v.Abstains() {
			present = append(present, v.Value)
			idx = append(idx, i)
		}
	}
	var z []float64
	if ind.Scale == ScaleRobust {
		z = stats.RobustZ(present)
	} else {
		for _, i := range idx {
			z = append(z, vals[i].Z)
		}
	}
	lo := c.ClipLow
	if ind.OneSided {
		lo = 0
	}
	for j, i := range idx {
		out[i] = math.Min(math.Max(ind.Direction*z[j], lo), c.ClipHigh)
	}
	return out
}

// combine standardises every indicator, forms the weighted composite,
// ranks, bands and explains the units. values is [indicator][unit].
func combine(units []scopeUnit, values [][]Value, live []bool, cfg Config) []UnitScore {
	n := len(units)
	out := make([]UnitScore, n)
	for i, u := range units {
		out[i] = UnitScore{UnitID: u.ID, Level: u.Level, District: u.District,
			Values: make([]Value, len(Catalogue)), Std: make([]float64, len(Catalogue)),
			Contribution: make([]float64, len(Catalogue))}
	}
	unwatched := unwatchedUnits(values, n)
	for k, ind := range Catalogue {
		std := standardise(ind, values[k], cfg.Composite)
		if ind.Incidence {
			for i := range std {
				if unwatched[i] && std[i] < 0 {
					std[i] = 0
				}
			}
		}
		w := cfg.Weight(ind.ID)
		for i := range out {
			out[i].Values[k] = values[k][i]
			out[i].Std[k] = std[i]
			if !math.IsNaN(std[i]) {
				out[i].Contribution[k] = w * std[i]
				out[i].Composite += w * std[i]
			}
		}
	}
	var idx []int
	var composite []float64
	for i := range out {
		share, a, t := abstainShare(out[i], live)
		out[i].Insufficient = share > cfg.Composite.MaxAbstainShare
		out[i].abstained, out[i].live = a, t
		if !out[i].Insufficient {
			idx = append(idx, i)
			composite = append(composite, out[i].Composite)
		}
	}
	for j, p := range stats.PercentRank(composite) {
		out[idx[j]].Score = 100 * p
	}
	familyScores(out)
	rankAndBand(out, cfg.Composite)
	for i := range out {
		out[i].ReasonsZh, out[i].ReasonsEn = reasons(&out[i], cfg.Composite.Reasons)
	}
	return out
}

// unwatchedUnits reads the Silent indicator's verdict: a unit is unwatched
// when its oversight intensity (Observed) lies below the cut (Expected).
func unwatchedUnits(values [][]Value, n int) []bool {
	out := make([]bool, n)
	for k, ind := range Catalogue {
		if _, ok := ind.Measure.(Silent); !ok {
			continue
		}
		for i, v := range values[k] {
			out[i] = !v.Abstains() && v.Observed < v.Expected
		}
	}
	return out
}

// familyScores sets each unit's Family sums and their percent ranks.
func familyScores(us []UnitScore) {
	for i := range us {
		us[i].Family = make([]float64, len(Families))
		us[i].FamilyScore = make([]float64, len(Families))
		for f := range Families {
			us[i].Family[f] = math.NaN()
			us[i].FamilyScore[f] = math.NaN()
		}
		for k, ind := range Catalogue {
			if us[i].Values[k].Abstains() {
				continue
			}
			f := familyIndex(ind.Family)
			if math.IsNaN(us[i].Family[f]) {
				us[i].Family[f] = 0
			}
			us[i].Family[f] += us[i].Contribution[k]
		}
	}
	for f := range Families {
		var idx []int
		var x []float64
		for i := range us {
			if !math.IsNaN(us[i].Family[f]) {
				idx = append(idx, i)
				x = append(x, us[i].Family[f])
			}
		}
		for j, p := range stats.PercentRank(x) {
			us[idx[j]].FamilyScore[f] = 100 * p
		}
	}
}

func familyIndex(family string) int {
	for f, x := range Families {
		if x == family {
			return f
		}
	}
	panic("risk: unknown family " + family) // checkCatalogue rules it out
}

// rankAndBand sets Rank (1 = largest composite) and Band: the top
// high_share of units (rounded) are high and the next elevated_share
// elevated, but only while their composite is above 0 — a unit with
// nothing above the city level is never flagged however small the city —
// and never a unit tied with one left out (tieCut).
func rankAndBand(us []UnitScore, c Composite) {
	order := make([]int, len(us))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := us[order[a]], us[order[b]]
		if x.Insufficient != y.Insufficient {
			return y.Insufficient
		}
		if x.Composite != y.Composite {
			return x.Composite > y.Composite
		}
		return x.UnitID < y.UnitID
	})
	n := float64(len(us))
	nHigh := tieCut(us, order, int(math.Round(n*c.HighShare)))
	nElev := tieCut(us, order, int(math.Round(n*(c.HighShare+c.ElevatedShare))))
	for r, i := range order {
		u := &us[i]
		u.Rank = r + 1
		switch {
		case u.Insufficient:
			u.Band = BandInsufficient
		case u.Composite <= 0:
			u.Band = BandNormal
		case u.Rank <= nHigh:
			u.Band = BandHigh
		case u.Rank <= nElev:
			u.Band = BandElevated
		default:
			u.Band = BandNormal
		}
	}
}

// tieCut returns how many of the first k units in order a band may
// take: k, less the units tied on composite with the first unit left
// out. Units that score the same are treated the same: the order among
// them is only their codes', and a band must not depend on it.
func tieCut(us []UnitScore, order []int, k int) int {
	if k <= 0 || k >= len(order) {
		return k
	}
	next := us[order[k]]
	for k > 0 {
		u := us[order[k-1]]
		if u.Insufficient != next.Insufficient || u.Composite != next.Composite {
			break
		}
		k--
	}
	return k
}

// liveIndicators says which indicators count towards a unit's share of
// abstentions: those with a value for some unit, or whose ledger holds
// rows at all (unless their measure needs more than the ledger: the scan
// needs coordinates). An indicator over a ledger the commission never
// loaded says nothing about any one unit.
func liveIndicators(sc *scope, values [][]Value) []bool {
	out := make([]bool, len(Catalogue))
	for k, ind := range Catalogue {
		_, needsMore := ind.Measure.(valuedWhenLive)
		out[k] = sc.hasRows[ind.Ledger] && !needsMore
		for _, v := range values[k] {
			out[k] = out[k] || !v.Abstains()
		}
	}
	return out
}

// valuedWhenLive marks a measure that needs more than its ledger's rows
// (the scan needs the units' coordinates): it counts towards abstentions
// only when some unit has a value.
type valuedWhenLive interface{ needsMoreThanLedger() }

// abstainShare is the share of the unit's live indicators that abstained.
func abstainShare(u UnitScore, live []bool) (share float64, abstained, total int) {
	for k, v := range u.Values {
		if !live[k] {
			continue
		}
		total++
		if v.Abstains() {
			abstained++
		}
	}
	return float64(abstained) / float64(max(total, 1)), abstained, total
}

// reasons returns the sentences of the k largest positive contributions.
func reasons(u *UnitScore, k int) (zh, en []string) {
	var idx []int
	for j, c := range u.Contribution {
		if c > 0 {
			idx = append(idx, j)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return u.Contribution[idx[a]] > u.Contribution[idx[b]] })
	if len(idx) > k {
		idx = idx[:k]
	}
	for _, j := range idx {
		z, e := u.Values[j].Reason()
		zh, en = append(zh, z), append(en, e)
	}
	if len(zh) == 0 {
		zh, en = []string{"各项指标均未高于全市水平"}, []string{"no indicator above the city level"}
	}
	if u.Insufficient {
		zh = append([]string{fmt.Sprintf("数据不足：%d项指标中%d项因数据不足未计算，不予排名", u.live, u.abstained)}, zh...)
		en = append([]string{fmt.Sprintf("insufficient data: %d of %d indicators abstained; not ranked", u.abstained, u.live)}, en...)
	}
	return zh, en
}
