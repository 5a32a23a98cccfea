package data

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Decoys: DOMAIN.md's legitimate look-alikes, rows that a naive rule takes
// for abuse and that are lawful. Decoy units are clean: not planted, with
// a latent risk of at most decoyMaxRisk, so that their cases and leads
// come at no more than the usual base rate.

// The kinds of decoy (Decoy.Kind).
const (
	// DecoyCareHome: a township's care home (敬老院, 集中供养) whose
	// residents' support (tekun) is paid every month into the home's one
	// account by the 民政办 or a designated village.
	DecoyCareHome = "care_home"
	// DecoyFixedAllowance: a village of many elderly and disabled people,
	// whose fixed-amount allowances (gaoling, canji: round by law) make a
	// large share of round payments.
	DecoyFixedAllowance = "fixed_allowance"
	// DecoyPolicyAmount: a district's relief or housing payment at one
	// policy amount just under the approval limit, for every eligible
	// household in a period; one decoy per clean paying unit.
	DecoyPolicyAmount = "policy_amount"
	// DecoyDistrictCampaign: a district's 12388 publicity drive or 清仓起底
	// sweep that raises the reports against every unit in it for some
	// months; the decoy is the district.
	DecoyDistrictCampaign = "district_campaign"
	// DecoyBulkLease: a large plot leased to a company by public bidding,
	// approved, at a lower price per mu than small plots.
	DecoyBulkLease = "bulk_lease"
)

// DecoyKinds lists the kinds of decoy.
var DecoyKinds = []string{DecoyCareHome, DecoyFixedAllowance, DecoyPolicyAmount, DecoyDistrictCampaign, DecoyBulkLease}

// Decoy is a clean unit (for a campaign, a district) and the rows of it
// that look suspicious and are lawful.
type Decoy struct {
	UnitID     string `json:"unit_id"`
	Name       string `json:"name"`
	Level      string `json:"level"`
	DistrictID string `json:"district_id"`
	Kind       string `json:"kind"`
	// Ledger and IDs name the rows that look suspicious: payments, assets
	// or, for a campaign, every report against the district's units
	// received in it.
	Ledger string   `json:"ledger"`
	IDs    []string `json:"ids"`
	// From and To bound a campaign or a policy payment's period.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	Note string `json:"note"`
}

// decoyMaxRisk is the highest latent risk a decoy unit may have.
const decoyMaxRisk = 1.25

// decoys holds the decoys chosen and the rows noted so far.
type decoys struct {
	careHomes map[int]*careHome // by paying unit
	aged      map[int]bool      // villages of many elderly
	bulk      map[int]bool      // villages leasing a large plot
	policies  []*policyEvent
	campaigns map[int]*campaign // by district
	// found are the decoys with rows, by unit and kind.
	found map[decoyKey]*Decoy
}

type decoyKey struct {
	unit int
	kind string
}

// careHome is a township's care home, paid by the 民政办 or a village.
type careHome struct {
	residents int
	standard  int64 // fen a month per resident
	account   string
}

// policyEvent is a district's payment at one policy amount to every
// eligible household in a period.
type policyEvent struct {
	district int
	prog     *program
	amount   int64   // fen
	rate     float64 // households per 1,000 residents of the township
	from, to day
	note     string
}

// campaign raises the reports against a district's units from from to to.
type campaign struct {
	from, to day
	factor   float64
	note     string
}

// chooseDecoys picks the decoys among the clean units, after planting:
// one campaign and one policy payment in small worlds, two of each in
// larger ones, care homes in about one township in eight, aged villages
// (one village in 200) and bulk leases (one leasing village in 120), at
// least two of each.
func (g *gen) chooseDecoys() {
	r := newRand(g.seed, "decoys")
	d := &decoys{careHomes: map[int]*careHome{}, aged: map[int]bool{}, bulk: map[int]bool{},
		campaigns: map[int]*campaign{}, found: map[decoyKey]*Decoy{}}
	g.decoys = d
	var districts, townships, villages []*unit
	for _, u := range g.units {
		switch u.level {
		case levelDistrict:
			districts = append(districts, u)
		case levelTownship:
			townships = append(townships, u)
		case levelVillage:
			villages = append(villages, u)
		}
	}
	events := 1
	if len(districts) >= 6 {
		events = 2
	}
	g.chooseCampaigns(r, districts, events)
	g.choosePolicies(r, districts, events)
	g.chooseCareHomes(r, townships)
	taken := func(u *unit) bool { return d.aged[u.idx] || d.bulk[u.idx] || d.careHomes[u.idx] != nil }
	pickVillages(r, villages, max(2, int(math.Round(0.005*float64(len(villages))))), d.aged, func(u *unit) bool {
		return u.kind == "village" && !taken(u)
	})
	pickVillages(r, villages, max(2, int(math.Round(float64(len(villages))/120))), d.bulk, func(u *unit) bool {
		return u.kind == "village" && u.dist.LeasePrice > 0 && !taken(u)
	})
}

// clean reports whether u can be a decoy.
func clean(u *unit) bool { return u.planted == nil && u.risk <= decoyMaxRisk }

// pickVillages marks n clean villages that pass ok in set.
func pickVillages(r *rand.Rand, villages []*unit, n int, set map[int]bool, ok func(*unit) bool) {
	w := make([]float64, len(villages))
	for i, u := range villages {
		if clean(u) && ok(u) {
			w[i] = 1
		}
	}
	for _, i := range sampleWithout(r, n, w) {
		set[villages[i].idx] = true
	}
}

// chooseCampaigns starts n district campaigns: a 12388 publicity drive of
// three or four months and a 清仓起底 sweep of four to six, each starting
// between 2015-09 and 2016-09 and raising reports 2–3×.
func (g *gen) chooseCampaigns(r *rand.Rand, districts []*unit, n int) {
	kinds := []struct {
		note     string
		min, max int
	}{{"12388 publicity drive (12388举报电话宣传月)", 3, 4}, {"清仓起底 sweep of old petitions", 4, 6}}
	first := r.IntN(len(kinds))
	for i, di := range sampleWithout(r, n, ones(len(districts))) {
		k := kinds[(first+i)%len(kinds)]
		m := between(r, 8, 20)
		c := &campaign{from: monthStart(m), to: monthStart(m+between(r, k.min, k.max)) - 1, factor: uniform(r, 2, 3)}
		c.note = fmt.Sprintf("%s: reports against every unit of the district ×%.1f", k.note, c.factor)
		g.decoys.campaigns[districts[di].idx] = c
	}
}

// choosePolicies draws n district-wide policy payments, in rural districts
// rather than suburban ones (core ones have no rural township), and
// without a campaign where possible: disaster relief
// of 4,800 yuan a household (zaihai, paid by the 民政办) for one to two
// and a half months after a flood in 2015 or 2016, and a housing repair
// round of 4,500 yuan a household (weifang, paid by the rural 财政所)
// over three to five months of 2016.
func (g *gen) choosePolicies(r *rand.Rand, districts []*unit, n int) {
	w := make([]float64, len(districts))
	for i, d := range districts {
		switch d.dist.Class {
		case Rural:
			w[i] = 3
		case Suburban:
			w[i] = 1
		}
		if g.decoys.campaigns[d.idx] == nil {
			w[i] *= 20
		}
	}
	chosen := sampleWithout(r, n, w)
	r.Shuffle(len(chosen), func(i, j int) { chosen[i], chosen[j] = chosen[j], chosen[i] })
	for i, di := range chosen {
		ev := &policyEvent{district: districts[di].idx}
		if i%2 == 0 {
			ev.prog, ev.amount, ev.rate = programByCode("zaihai"), 480000, uniform(r, 2, 6)
			ev.from = someDay(r, dayOf(2015, 7, 1), dayOf(2016, 8, 31))
			ev.to = ev.from + day(between(r, 30, 75))
		} else {
			ev.prog, ev.amount, ev.rate = programByCode("weifang"), 450000, uniform(r, 1, 3)
			ev.from = monthStart(between(r, 14, 19))
			ev.to = ev.from + day(between(r, 90, 150))
		}
		ev.note = fmt.Sprintf("%s at the policy amount of %s yuan to every eligible household of the district", ev.prog.code, yuan(ev.amount))
		g.decoys.policies = append(g.decoys.policies, ev)
	}
}

// chooseCareHomes gives about one township in eight a care home of 10–40
// residents (rural townships three times as often as streets), paid by
// its 民政办 or, where that is not clean, by one of its villages, at a
// standard of 600–850 yuan a month.
func (g *gen) chooseCareHomes(r *rand.Rand, townships []*unit) {
	n := max(1, int(math.Round(float64(len(townships))/8)))
	w := make([]float64, len(townships))
	payer := make([]*unit, len(townships))
	for i, t := range townships {
		if payer[i] = g.careHomePayer(t); payer[i] != nil {
			w[i] = 1
			if t.rural {
				w[i] = 3
			}
		}
	}
	for _, i := range sampleWithout(r, n, w) {
		g.decoys.careHomes[payer[i].idx] = &careHome{residents: between(r, 10, 40),
			standard: int64(between(r, 60, 85)) * 1000, account: bankCard(r)}
	}
}

// careHomePayer returns the clean 民政办 of township t, or else its first
// clean village, or nil.
func (g *gen) careHomePayer(t *unit) *unit {
	var village *unit
	for _, u := range g.units[t.idx+1:] {
		if u.township != t.idx {
			break
		}
		switch {
		case !clean(u):
		case u.level == levelStation && u.station.name == "民政办":
			return u
		case village == nil && u.kind == "village":
			village = u
		}
	}
	return village
}

// campaignFactor returns how much a campaign multiplies u's reports over
// [from, to], on average, and the campaign (nil if none overlaps).
func (g *gen) campaignFactor(u *unit, from, to day) (float64, *campaign) {
	c := g.decoys.campaigns[u.district]
	if c == nil || c.to < from || c.from > to {
		return 1, nil
	}
	in := float64(min(c.to, to) - max(c.from, from) + 1)
	all := float64(to - from + 1)
	return (all - in + c.factor*in) / all, c
}

// reportDay draws the day of a report against u received from..to, more
// often in a campaign of its district; it returns the campaign's factor
// if the day falls in one (0 otherwise).
func (g *gen) reportDay(r *rand.Rand, u *unit, from, to day) (day, float64) {
	f, c := g.campaignFactor(u, from, to)
	if c == nil {
		return someDay(r, from, to), 0
	}
	lo, hi := max(c.from, from), min(c.to, to)
	inShare := c.factor * float64(hi-lo+1) / (f * float64(to-from+1))
	if (lo == from && hi == to) || chance(r, inShare) {
		return someDay(r, lo, hi), c.factor
	}
	for {
		d := someDay(r, from, to)
		if d < lo || d > hi {
			return d, 0
		}
	}
}

// careHomeRows pays the home's residents every month into its account: a
// resident leaves (six in ten by death) with a chance of 1.5% a month and
// another takes the bed a month or two later.
func (pa *payer) careHomeRows(h *careHome) {
	r := pa.r
	p := programByCode("tekun")
	if _, ok := pa.payDay[p.code]; !ok {
		pa.payDay[p.code] = between(r, 5, 20)
	}
	for range h.residents {
		for m := 0; m < months; {
			who := pa.g.people.resident(pa.u.dist.Code, 62, 95)
			who.enrolments++
			for ; m < months; m++ {
				pa.rows = append(pa.rows, payment{prog: p, payee: who, amount: h.standard, on: pa.payOn(p, m),
					account: h.account, decoy: DecoyCareHome})
				if chance(r, 0.015) {
					if chance(r, 0.6) {
						pa.g.recordDeath(who, pa.payOn(p, m)+day(between(r, 1, 25)), pa.u)
					}
					m += 1 + between(r, 1, 2)
					break
				}
			}
		}
	}
}

// policyRows pays the policy amount once to each of the township's
// eligible households in the event's period.
func (pa *payer) policyRows(ev *policyEvent) {
	r := pa.r
	kind := DecoyPolicyAmount
	if pa.u.planted != nil {
		kind = ""
	}
	n := poisson(r, ev.rate*float64(pa.g.units[pa.u.township].pop)/1000)
	for range n {
		who := pa.payee(ev.prog)
		pa.rows = append(pa.rows, payment{prog: ev.prog, payee: who, amount: ev.amount,
			on: someDay(r, ev.from, min(ev.to, lastDay)), account: who.account, decoy: kind})
	}
}

// decoyRows adds the decoy rows of u: its care home and the district's
// policy payments it makes.
func (pa *payer) decoyRows() {
	if h := pa.g.decoys.careHomes[pa.u.idx]; h != nil {
		pa.careHomeRows(h)
	}
	for _, ev := range pa.g.decoys.policies {
		if ev.district == pa.u.district && pa.paysPolicy(ev.prog) {
			pa.policyRows(ev)
		}
	}
}

// paysPolicy reports whether the unit pays a district's policy payment of
// programme p: the 民政办 pays disaster relief, a rural 财政所 housing.
func (pa *payer) paysPolicy(p *program) bool {
	if pa.u.level != levelStation {
		return false
	}
	if p.code == "zaihai" {
		return pa.u.station.name == "民政办"
	}
	return slices.Contains(pa.progs, p)
}

// rateFactor multiplies a monthly programme's take-up: an aged village has
// four times the elderly and two and a half times the disabled of another.
func (pa *payer) rateFactor(p *program) float64 {
	if !pa.g.decoys.aged[pa.u.idx] {
		return 1
	}
	switch p.code {
	case "gaoling":
		return 4
	case "canji":
		return 2.5
	}
	return 1
}

// fixedDecoy returns the decoy kind of a fixed-amount row of p at u.
func (pa *payer) fixedDecoy(p *program) string {
	if pa.g.decoys.aged[pa.u.idx] && p.fixed() {
		return DecoyFixedAllowance
	}
	return ""
}

// bulkLease leases 200–1,000 mu to a company for 10–30 years, by public
// bidding and approved, at 50–70% of the village's price per mu.
func (g *gen) bulkLease(r *rand.Rand, u *unit, price float64) asset {
	a := asset{u: u, category: "resources", kind: "lease", on: someDay(r, firstDay, lastDay), approved: true,
		bidding: 1, termYears: []int{10, 15, 20, 30}[r.IntN(4)], decoy: DecoyBulkLease}
	a.areaMu = math.Round(uniform(r, 200, 1000)*10) / 10
	a.amount = int64(math.Round(a.areaMu * price * uniform(r, 0.5, 0.7) * 100))
	a.company = companyName(r, u.dist.Name, u.city.Short)
	a.companyID = uscc(r, u.dist.Code)
	return a
}

// noteDecoy records a row of u's decoy of kind; a campaign's rows are its
// district's.
func (g *gen) noteDecoy(u *unit, kind, ledger, id string) {
	if kind == DecoyDistrictCampaign {
		u = g.units[u.district]
	}
	k := decoyKey{u.idx, kind}
	d := g.decoys.found[k]
	if d == nil {
		d = &Decoy{UnitID: u.id, Name: u.name, Level: u.level.String(), DistrictID: g.units[u.district].id,
			Kind: kind, Ledger: ledger}
		g.describeDecoy(u, d)
		g.decoys.found[k] = d
	}
	d.IDs = append(d.IDs, id)
}

// describeDecoy fills the decoy's period and note.
func (g *gen) describeDecoy(u *unit, d *Decoy) {
	switch d.Kind {
	case DecoyCareHome:
		h := g.decoys.careHomes[u.idx]
		d.Note = fmt.Sprintf("care home of %d beds: tekun at %s yuan a month per resident into account %s", h.residents, yuan(h.standard), h.account)
	case DecoyFixedAllowance:
		d.Note = "village of many elderly and disabled: gaoling and canji at their fixed amounts"
	case DecoyPolicyAmount:
		for _, ev := range g.decoys.policies {
			if ev.district == u.district {
				d.From, d.To, d.Note = ev.from.String(), min(ev.to, lastDay).String(), ev.note
			}
		}
	case DecoyDistrictCampaign:
		c := g.decoys.campaigns[u.idx]
		d.From, d.To, d.Note = c.from.String(), c.to.String(), c.note
	case DecoyBulkLease:
		d.Note = "large plot leased to a company by public bidding, approved, at a bulk price per mu"
	}
}

// decoyList returns the decoys with rows, in unit_id then kind order.
func (g *gen) decoyList() []Decoy {
	out := make([]Decoy, 0, len(g.decoys.found))
	for _, d := range g.decoys.found {
		slices.Sort(d.IDs)
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b Decoy) int {
		if c := cmp.Compare(a.UnitID, b.UnitID); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
	return out
}

// inCampaign reports whether a report was received against a scored unit
// of a district in that district's campaign.
func (g *gen) inCampaign(rep reportRow) bool {
	c := g.decoys.campaigns[rep.u.district]
	return c != nil && rep.u.level.scored() && rep.on >= c.from && rep.on <= c.to
}
