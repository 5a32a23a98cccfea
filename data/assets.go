package data

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// asset is one row of assets.csv: a transaction of a village collective's
// funds, assets or resources (集体"三资").
type asset struct {
	u         *unit
	category  string // funds, assets, resources
	kind      string // income, expense, lease, sale, contract, other
	amount    int64  // fen; for a lease, the first year's rent
	on        day
	party     *person // counterparty when a person
	company   string  // counterparty name when a company
	companyID string
	areaMu    float64 // 0 = null
	termYears int     // 0 = null
	bidding   int8    // -1 null, 0 false, 1 true
	approved  bool
	pattern   string
	decoy     string
}

// assetMix is a village's yearly transactions by category and kind: the
// mean count, median amount (yuan) and sigma of the log amount.
type assetMix struct {
	category, kind string
	perYear        float64
	median, sigma  float64
}

var villageAssets = []assetMix{
	{"funds", "income", 4, 8000, 1.2},
	{"funds", "expense", 6, 3000, 1.2},
	{"resources", "income", 1, 5000, 1.0},
	{"assets", "contract", 1, 50000, 1.0},
	{"assets", "sale", 0.2, 20000, 1.0},
	{"assets", "lease", 0.3, 20000, 0.7},
	{"funds", "other", 0.4, 2000, 1.0},
}

var communityAssets = []assetMix{
	{"funds", "income", 3, 12000, 1.2},
	{"funds", "expense", 5, 4000, 1.2},
	{"assets", "contract", 0.8, 60000, 1.0},
	{"assets", "lease", 0.8, 40000, 0.7},
	{"funds", "other", 0.3, 2000, 1.0},
}

// landLeasesPerYear is a village's mean number of farmland leases a year.
const landLeasesPerYear = 1.0

// makeAssets draws the collective transactions of every village and
// community, with the lease_below_price pattern planted where due.
func (g *gen) makeAssets() []asset {
	var out []asset
	for _, u := range g.units {
		if u.level != levelVillage {
			continue
		}
		r := unitRand(g.seed, "assets", u.idx)
		out = append(out, g.unitAssets(r, u)...)
	}
	return out
}

func (g *gen) unitAssets(r *rand.Rand, u *unit) []asset {
	mix := communityAssets
	if u.kind == "village" {
		mix = villageAssets
	}
	years := float64(months) / 12
	var rows []asset
	for _, m := range mix {
		for range poisson(r, m.perYear*years) {
			rows = append(rows, g.plainAsset(r, u, m))
		}
	}
	if u.kind == "village" && u.dist.LeasePrice > 0 {
		price := u.dist.LeasePrice * lognormal(r, 1, 0.1) // the village's own going price
		for range poisson(r, landLeasesPerYear*years) {
			rows = append(rows, g.landLease(r, u, price))
		}
		if u.has(PatternLeaseBelowPrice) {
			for range between(r, 2, 4) {
				rows = append(rows, g.cheapLease(r, u, price))
			}
		}
		if u.has(PatternLeaseToRelatives) {
			rows = append(rows, g.relativeDeals(r, u, price)...)
		}
		if g.decoys.bulk[u.idx] {
			rows = append(rows, g.bulkLease(r, u, price))
		}
	}
	if u.has(PatternYearEndRush) {
		rows = append(rows, g.rushExpenses(r, u)...)
	}
	slices.SortStableFunc(rows, func(a, b asset) int { return cmp.Compare(a.on, b.on) })
	return rows
}

// assetDay draws a working day, a little more often in December (the
// year-end rush of spending is normal within limits).
func assetDay(r *rand.Rand) day {
	d := someDay(r, firstDay, lastDay)
	if d.time().Month() != 12 && chance(r, 0.05) {
		y := between(r, 2015, 2016)
		d = someDay(r, dayOf(y, 12, 1), dayOf(y, 12, 31))
	}
	return d
}

func (g *gen) plainAsset(r *rand.Rand, u *unit, m assetMix) asset {
	a := asset{u: u, category: m.category, kind: m.kind, on: assetDay(r), bidding: -1, approved: !chance(r, 0.02)}
	a.amount = max(1000, int64(math.Round(lognormal(r, m.median, m.sigma)*100)))
	switch m.kind {
	case "lease":
		a.termYears = []int{1, 2, 3, 3, 5, 5, 8, 10}[r.IntN(8)]
		a.bidding = boolInt(chance(r, 0.8))
	case "sale", "contract":
		a.bidding = boolInt(chance(r, 0.85))
	}
	g.counterparty(r, u, &a, 0.5)
	return a
}

// landLease leases collective farmland at about the going price, mostly by
// public bidding, for up to 30 years.
func (g *gen) landLease(r *rand.Rand, u *unit, price float64) asset {
	a := asset{u: u, category: "resources", kind: "lease", on: assetDay(r), approved: !chance(r, 0.02)}
	a.areaMu = math.Round(clampF(lognormal(r, 40, 0.9), 2, 800)*10) / 10
	a.amount = int64(math.Round(a.areaMu * price * lognormal(r, 1, 0.15) * 100))
	a.termYears = []int{3, 5, 5, 10, 10, 15, 20, 30}[r.IntN(8)]
	a.bidding = boolInt(chance(r, 0.85))
	g.counterparty(r, u, &a, 0.4)
	if chance(r, 0.02) { // a cadre's relative may win a fair lease
		if rels := g.relativesOf[u.idx]; len(rels) > 0 {
			a.party, a.company, a.companyID = rels[r.IntN(len(rels))], "", ""
		}
	}
	return a
}

// cheapLease is a planted lease: 20–45% of the district's going price, no
// bidding, often over 30 years or unapproved, often to a cadre's relative.
func (g *gen) cheapLease(r *rand.Rand, u *unit, price float64) asset {
	a := g.landLease(r, u, price)
	a.amount = int64(math.Round(a.areaMu * u.dist.LeasePrice * uniform(r, 0.2, 0.45) * 100))
	a.on = someDay(r, u.planted.plan.start, lastDay)
	a.bidding = 0
	if chance(r, 0.5) {
		a.termYears = between(r, 35, 70)
	}
	a.approved = !chance(r, 0.4)
	if rels := g.relativesOf[u.idx]; len(rels) > 0 && chance(r, 0.5) {
		a.party, a.company, a.companyID = rels[r.IntN(len(rels))], "", ""
	}
	a.pattern = PatternLeaseBelowPrice
	return a
}

// counterparty sets a company (with probability pCompany) or a resident as
// the other side of a transaction.
func (g *gen) counterparty(r *rand.Rand, u *unit, a *asset, pCompany float64) {
	if chance(r, pCompany) {
		a.company = companyName(r, u.dist.Name, u.city.Short)
		a.companyID = uscc(r, u.dist.Code)
		return
	}
	if len(u.residents) > 0 && chance(r, 0.3) {
		if p := u.residents[r.IntN(len(u.residents))]; p.died == alive {
			a.party = p
			return
		}
	}
	a.party = g.people.resident(u.dist.Code, 25, 70)
}

func boolInt(b bool) int8 {
	if b {
		return 1
	}
	return 0
}

func clampF(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
