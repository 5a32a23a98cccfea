package risk

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/microrisk/microrisk/risk/benford"
	"github.com/microrisk/microrisk/risk/stats"
	"gonum.org/v1/gonum/stat/distuv"
)

// BenfordMAD tests each unit's first-two-digit distribution against
// Benford's law at its own n and controls the false-discovery rate across
// units. The test is Pearson's X² with a p-value calibrated at the unit's
// n (benford.UnitTest: exact first three moments), since the χ²(89)
// approximation flags too many small units; the p-values of all tested
// units are adjusted by Benjamini–Hochberg (stats.AdjustBH): the units'
// payments are disjoint and what they share (a programme's amounts, a
// district's practice) pushes their statistics the same way, which BH
// tolerates, and Benjamini–Yekutieli would be about eight times stricter
// at a thousand units for no gain in validity here. Value is the MAD ÷ the
// MAD Benford data show at the same n (benford.ExpectedMAD), for reading;
// Z is the normal score of 1 − q (q the adjusted p-value), so only units
// unlikely at their own n weigh. The records are the unit's digit groups
// (columns unit_id, digits, n, amount) of its payments other than the
// programmes' standard amounts, which follow policy, not Benford's law;
// the flags, for units with q ≤ payments.benford_fdr, are the groups
// counted far above Benford's share (payments.benford_group_z).
type BenfordMAD struct{}

func (BenfordMAD) inGo() bool { return true }

func (BenfordMAD) compute(in *ruleInput) ([]Value, []Flag) {
	counts := make([]map[int]int64, len(in.sc.Units))
	sums := make([]map[int]float64, len(in.sc.Units))
	for r := range in.recs.rows {
		i, ok := in.sc.index[in.recs.str(r, "unit_id")]
		if !ok {
			continue
		}
		if counts[i] == nil {
			counts[i], sums[i] = map[int]int64{}, map[int]float64{}
		}
		d := int(in.recs.int(r, "digits"))
		counts[i][d] = in.recs.int(r, "n")
		sums[i][d] = in.recs.num(r, "amount")
	}
	bc := benford.DefaultConfig()
	bc.MinN = int64(in.min)
	results := make([]benford.Result, len(in.sc.Units))
	var tested []int
	var ps []float64
	for i := range in.sc.Units {
		if counts[i] == nil {
			continue
		}
		results[i] = bc.FromCounts(benford.FirstTwo, counts[i])
		if results[i].Abstain != "" || results[i].N < int64(in.min) {
			continue
		}
		_, p := benford.UnitTest(benford.FirstTwo, counts[i])
		tested = append(tested, i)
		ps = append(ps, p)
	}
	q := make([]float64, len(in.sc.Units))
	for j, x := range stats.AdjustBH(ps) {
		q[tested[j]] = x
	}
	out := make([]Value, len(in.sc.Units))
	for i := range out {
		out[i] = abstain(fmt.Sprintf("%d个月内可作首两位数字检验的发放（标准金额除外）不足%d笔", in.months, in.min),
			fmt.Sprintf("fewer than %d payments (standard amounts aside) in %d months for the first-two-digit test", in.min, in.months))
	}
	var flags []Flag
	for _, i := range tested {
		res := results[i]
		exp := benford.ExpectedMAD(benford.FirstTwo, res.N)
		z := distuv.UnitNormal.Quantile(1 - math.Max(q[i], 1e-12))
		in.set("n", i, float64(res.N))
		in.set("q", i, q[i])
		v := in.value(i, reasonData{Value: res.MAD / exp, Z: z, Observed: res.MAD, Expected: exp})
		if q[i] > in.cfg.Payments.BenfordFDR {
			out[i] = v
			continue
		}
		for _, f := range benfordFlags(in.sc.Units[i].ID, res, sums[i], in.cfg.Payments.BenfordGroupZ) {
			v.AtStake = nanSum(v.AtStake, f.Amount)
			flags = append(flags, f)
		}
		out[i] = v
	}
	return out, flags
}

// benfordFlags are the digit groups counted significantly above Benford's
// share.
func benfordFlags(unit string, res benford.Result, sums map[int]float64, minZ float64) []Flag {
	var out []Flag
	for _, g := range res.Groups {
		if g.Excess <= 0 || g.Z < minZ {
			continue
		}
		out = append(out, Flag{
			UnitID: unit, RecordID: fmt.Sprintf("digits:%02d", g.Digits), Amount: sums[g.Digits],
			Figures: map[string]any{"digits": g.Digits, "count": g.Count, "expected_count": round2(g.ExpectedCount), "z": round2(g.Z)},
			Zh:      fmt.Sprintf("金额前两位为%02d的发放%d笔，按本福特定律预期%.1f笔（z=%.1f）", g.Digits, g.Count, g.ExpectedCount, g.Z),
			En:      fmt.Sprintf("%d payments start with %02d against %.1f expected under Benford's law (z = %.1f)", g.Count, g.Digits, g.ExpectedCount, g.Z),
		})
	}
	return out
}

// nanSum adds x to a sum that starts as NaN (nothing at stake yet).
func nanSum(sum, x float64) float64 {
	if math.IsNaN(sum) {
		return x
	}
	return sum + x
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// leaseZ holds, per unit, the robust z (stats.RobustZ on log price per mu
// per year) of each of its leases (as record indexes) against its peers,
// and each lease's reference price (the peers' median). Peers are the
// leases of the same size class (assets.size_classes_mu) in the same
// district, or in the whole city where the district has fewer than
// minimums.district_leases of them: a village leasing a large plot to a
// company for a project gets a lower price per mu than small plots
// (DOMAIN.md), so a large lease is compared with large leases, and within
// the class along the line of price against size (sizeLine): the z is that
// of the lease's residual from the line, its reference the line's price
// for its area. Logs, because prices deviate by factors. The records are the leases in the
// window (columns unit_id, district_id, record_id, record_on, price,
// amount, area_mu, term_years, batch_id, source_row).
type leaseZ struct {
	z      map[string][]float64
	rec    map[string][]int     // record index of each z
	ref    map[string][]float64 // reference price of each z
	leases map[string]int       // all leases with an area, per unit
	// districts lists the districts with a reference for every class that
	// occurs in them.
	priced map[string]bool
}

// leaseScores returns the leaseZ of the records, worked out once per
// record set and parameters.
func leaseScores(rs *recordSet, minGroup int, classes []float64) leaseZ {
	key := fmt.Sprint("leaseScores", minGroup, classes)
	if lz, ok := rs.derived[key].(leaseZ); ok {
		return lz // LeasePrice and LeaseBelow read the same leases
	}
	lz := computeLeaseScores(rs, minGroup, classes)
	if rs.derived == nil {
		rs.derived = map[string]any{}
	}
	rs.derived[key] = lz
	return lz
}

func computeLeaseScores(rs *recordSet, minGroup int, classes []float64) leaseZ {
	lz := leaseZ{z: map[string][]float64{}, rec: map[string][]int{}, ref: map[string][]float64{}, leases: map[string]int{},
		priced: map[string]bool{}}
	class := func(r int) int {
		a := rs.num(r, "area_mu")
		for i, c := range classes {
			if a < c {
				return i
			}
		}
		return len(classes)
	}
	groups := map[string][]int{}
	cityGroups := map[int][]int{}
	for r := range rs.rows {
		lz.leases[rs.str(r, "unit_id")]++
		c := class(r)
		key := fmt.Sprintf("%s/%d", rs.str(r, "district_id"), c)
		groups[key] = append(groups[key], r)
		cityGroups[c] = append(cityGroups[c], r)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic order of the units' z lists
	for _, k := range keys {
		rows := groups[k]
		peers := rows
		if len(rows) < minGroup {
			peers = cityGroups[class(rows[0])]
			if len(peers) < minGroup {
				continue
			}
		}
		x, y := make([]float64, len(peers)), make([]float64, len(peers))
		pos := map[int]int{}
		for j, r := range peers {
			x[j], y[j] = math.Log(rs.num(r, "area_mu")), math.Log(rs.num(r, "price"))
			pos[r] = j
		}
		a, b := sizeLine(x, y)
		resid := make([]float64, len(peers))
		for j := range resid {
			resid[j] = y[j] - a - b*x[j]
		}
		zs := stats.RobustZ(resid)
		mid := stats.Median(resid)
		for _, r := range rows {
			u, j := rs.str(r, "unit_id"), pos[r]
			lz.z[u] = append(lz.z[u], zs[j])
			lz.rec[u] = append(lz.rec[u], r)
			lz.ref[u] = append(lz.ref[u], math.Exp(a+b*x[j]+mid))
		}
	}
	return lz
}

// sizeLine fits log price = a + b·log area to the peers robustly: b is the
// Theil–Sen slope (the median of the pairwise slopes; Sen 1968), clamped
// to [−1, 0] — within a size class the price per mu of a larger plot is
// lower or the same, and the whole rent does not fall as the plot grows —
// and a the median of y − b·x. Over 2,000 peers the slopes of 2,000 × 999
// pairs drawn with a fixed seed stand for all of them.
func sizeLine(x, y []float64) (a, b float64) {
	n := len(x)
	var slopes []float64
	add := func(i, j int) {
		if dx := x[j] - x[i]; math.Abs(dx) > 1e-9 {
			slopes = append(slopes, (y[j]-y[i])/dx)
		}
	}
	if n <= 2000 {
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				add(i, j)
			}
		}
	} else {
		r := rand.New(rand.NewPCG(uint64(n), 0x6c65617365))
		for k := 0; k < 2000*999; k++ {
			add(r.IntN(n), r.IntN(n))
		}
	}
	if len(slopes) > 0 {
		b = math.Max(-1, math.Min(0, stats.MedianInPlace(slopes)))
	}
	off := make([]float64, n)
	for i := range off {
		off[i] = y[i] - b*x[i]
	}
	return stats.Median(off), b
}

// abstainLease returns the abstention of a unit with too few leases or in a
// district without a going price, and ok = false when the unit has a value.
func (lz leaseZ) abstainLease(id string, in *ruleInput) (Value, bool) {
	m := in.months
	switch {
	case lz.leases[id] == 0:
		return abstain(fmt.Sprintf("%d个月内无有面积的出租", m), fmt.Sprintf("no lease with an area in %d months", m)), true
	case lz.leases[id] < in.min:
		return in.few("leases"), true
	case lz.z[id] == nil:
		dl := in.cfg.Minimums.DistrictLeases
		return abstain(fmt.Sprintf("同等面积的出租不足%d宗，无法形成参考价", dl),
			fmt.Sprintf("fewer than %d leases of the same size to form a going price", dl)), true
	}
	return Value{}, false
}

// leaseFlag is a lease priced below its peers, with its figures.
func leaseFlag(rs *recordSet, r int, z, ref float64) Flag {
	price := rs.num(r, "price")
	return Flag{
		UnitID: rs.str(r, "unit_id"), RecordID: rs.str(r, "record_id"), On: rs.date(r, "record_on"),
		Amount: rs.num(r, "amount"), Batch: rs.int(r, "batch_id"), Row: rs.int(r, "source_row"),
		Figures: map[string]any{"price_per_mu": round2(price), "district_median": round2(ref),
			"robust_z": round2(z), "area_mu": rs.num(r, "area_mu"), "term_years": nanNil(rs.num(r, "term_years"))},
		Zh: fmt.Sprintf("%.1f亩，每亩年租金%.0f元，为本区同等面积出租中位数%.0f元的%.0f%%（稳健z值%.1f）", rs.num(r, "area_mu"), price, ref, 100*price/ref, z),
		En: fmt.Sprintf("%.1f mu at %.0f yuan per mu per year, %.0f%% of the median %.0f of leases of its size in the district (robust z %.1f)",
			rs.num(r, "area_mu"), price, 100*price/ref, ref, z),
	}
}

func nanNil(x float64) any {
	if math.IsNaN(x) {
		return nil
	}
	return x
}

// LeasePrice is the median over the unit's leases of their robust z within
// the district: low when the unit leases its land cheaply across the
// board. Its flags, where that median is below 0, are the unit's leases
// priced below the district's median.
type LeasePrice struct{}

func (LeasePrice) inGo() bool { return true }

func (LeasePrice) compute(in *ruleInput) ([]Value, []Flag) {
	lz := leaseScores(in.recs, in.cfg.Minimums.DistrictLeases, in.cfg.Assets.SizeClassesMu)
	out := make([]Value, len(in.sc.Units))
	var flags []Flag
	for i, u := range in.sc.Units {
		if v, ok := lz.abstainLease(u.ID, in); ok {
			out[i] = v
			continue
		}
		z := stats.Median(lz.z[u.ID])
		prices := make([]float64, len(lz.rec[u.ID]))
		for j, r := range lz.rec[u.ID] {
			prices[j] = in.recs.num(r, "price")
		}
		price := stats.Median(prices)
		ref := stats.Median(lz.ref[u.ID])
		in.set("leases", i, float64(len(prices)))
		out[i] = in.value(i, reasonData{Value: z, Z: z, Observed: price, Expected: ref})
		if z >= 0 {
			continue
		}
		for j, r := range lz.rec[u.ID] {
			if lz.z[u.ID][j] < 0 {
				flags = append(flags, leaseFlag(in.recs, r, lz.z[u.ID][j], lz.ref[u.ID][j]))
			}
		}
	}
	return out, flags
}

// LeaseBelow is the Poisson excess (as Excess) of the unit's leases priced
// far below their peers (robust z under assets.low_price_z) against the
// city share: it catches a few sweetheart leases among honest ones, which
// LeasePrice's median does not see. Those leases are its flags — except a
// lease let by public bidding and approved by the collective, whose price
// the open market and the members set (records column open_deal): a low
// price there is a fact about the plot, not a leak (LeasePrice still reads
// it).
type LeaseBelow struct{}

func (LeaseBelow) inGo() bool { return true }

func (LeaseBelow) compute(in *ruleInput) ([]Value, []Flag) {
	lz := leaseScores(in.recs, in.cfg.Minimums.DistrictLeases, in.cfg.Assets.SizeClassesMu)
	n := len(in.sc.Units)
	k, total := make([]float64, n), make([]float64, n)
	flags := make([][]Flag, n)
	in.fig["at_stake"] = make([]float64, n)
	for i, u := range in.sc.Units {
		lowest, lowestRef := math.Inf(1), math.NaN()
		for j, z := range lz.z[u.ID] {
			r := lz.rec[u.ID][j]
			total[i]++
			if p := in.recs.num(r, "price"); p/lz.ref[u.ID][j] < lowest/lowestRef || math.IsNaN(lowestRef) {
				lowest, lowestRef = p, lz.ref[u.ID][j]
			}
			if z < in.cfg.Assets.LowPriceZ && !in.recs.bool(r, "open_deal") {
				k[i]++
				in.set("at_stake", i, in.col("at_stake")[i]+in.recs.num(r, "amount"))
				flags[i] = append(flags[i], leaseFlag(in.recs, r, z, lz.ref[u.ID][j]))
			}
		}
		in.set("lowest", i, lowest)
		in.set("district_median", i, lowestRef)
		in.set("observed", i, k[i])
	}
	out := in.excess(k, total, float64(max(in.min, 1)), "leases")
	var kept []Flag
	for i, u := range in.sc.Units {
		if v, ok := lz.abstainLease(u.ID, in); ok {
			out[i] = v
			continue
		}
		kept = append(kept, flags[i]...)
	}
	return out, kept
}
