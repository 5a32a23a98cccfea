package data

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"
)

// decoyIDs returns the ids of ledger's rows in the decoys of kind (any
// kind if empty).
func decoyIDs(tr *Truth, ledger, kind string) map[string]bool {
	out := map[string]bool{}
	for _, d := range tr.Decoys {
		if d.Ledger == ledger && (kind == "" || d.Kind == kind) {
			for _, id := range d.IDs {
				out[id] = true
			}
		}
	}
	return out
}

// decoysOf returns the world's decoys of kind.
func decoysOf(tr *Truth, kind string) []Decoy {
	var out []Decoy
	for _, d := range tr.Decoys {
		if d.Kind == kind {
			out = append(out, d)
		}
	}
	return out
}

// rowsByID indexes a ledger's rows by its key column.
func rowsByID(l *ledger, key string) map[string][]string {
	out := make(map[string][]string, len(l.rows))
	for _, row := range l.rows {
		out[l.get(row, key)] = row
	}
	return out
}

func TestDecoysPresentAndClean(t *testing.T) {
	for _, w := range []*world{smallWorld(t), chengduWorld(t)} {
		checkDecoysClean(t, w)
	}
}

// checkDecoysClean checks that every kind of decoy is there, that decoy
// units are not planted, and that no decoy row carries a planted pattern.
func checkDecoysClean(t *testing.T, w *world) {
	planted := map[string]bool{}
	for _, id := range w.truth.PlantedUnitIDs() {
		planted[id] = true
	}
	kinds := map[string]int{}
	for _, d := range w.truth.Decoys {
		kinds[d.Kind]++
		if len(d.IDs) == 0 {
			t.Errorf("%s decoy %s has no rows", d.Kind, d.UnitID)
		}
		if planted[d.UnitID] {
			t.Errorf("%s decoy %s is planted", d.Kind, d.UnitID)
		}
		if (d.Kind == DecoyDistrictCampaign) != (d.Level == "district") {
			t.Errorf("%s decoy %s at level %s", d.Kind, d.UnitID, d.Level)
		}
		evidence := plantedIDs(w.truth, d.Ledger, "")
		for _, id := range d.IDs {
			if evidence[id] && d.Kind != DecoyDistrictCampaign {
				t.Errorf("%s decoy %s: row %s is planted evidence", d.Kind, d.UnitID, id)
			}
		}
	}
	for _, k := range DecoyKinds {
		if kinds[k] == 0 {
			t.Errorf("%s: no decoy of kind %s", w.truth.Profile, k)
		}
	}
	t.Logf("%s decoys by kind: %v", w.truth.Profile, kinds)
}

// TestCareHomes checks that each care home's account receives every month
// the support of ten or more residents, at one standard amount.
func TestCareHomes(t *testing.T) {
	w := smallWorld(t)
	p := paymentsOf(t, w)
	byID := rowsByID(p, "payment_id")
	for _, d := range decoysOf(w.truth, DecoyCareHome) {
		accounts, amounts := map[string]bool{}, map[string]bool{}
		payeesByMonth := map[string]map[string]bool{}
		for _, id := range d.IDs {
			row := byID[id]
			if p.get(row, "unit_id") != d.UnitID || p.get(row, "program") != "tekun" {
				t.Fatalf("care home %s: row %s is not a tekun payment of the unit", d.UnitID, id)
			}
			accounts[p.get(row, "account_no")] = true
			amounts[p.get(row, "amount_yuan")] = true
			m := p.get(row, "paid_on")[:7]
			if payeesByMonth[m] == nil {
				payeesByMonth[m] = map[string]bool{}
			}
			payeesByMonth[m][p.get(row, "payee_id")] = true
		}
		if len(accounts) != 1 || len(amounts) != 1 {
			t.Errorf("care home %s: %d accounts, %d amounts; want one of each", d.UnitID, len(accounts), len(amounts))
		}
		if len(payeesByMonth) != months {
			t.Errorf("care home %s paid in %d months, want every one of %d", d.UnitID, len(payeesByMonth), months)
		}
		least := math.MaxInt
		for _, ps := range payeesByMonth {
			least = min(least, len(ps))
		}
		if least < 7 { // 10–40 beds, a few empty for a month or two
			t.Errorf("care home %s: only %d payees in some month", d.UnitID, least)
		}
		var all []string
		for a := range accounts {
			all = append(all, a)
		}
		t.Logf("care home %s (%s): account %v, at least %d payees a month, %d payments", d.UnitID, d.Name, all, least, len(d.IDs))
	}
}

// TestFixedAllowances checks that gaoling and canji are paid at their
// fixed amounts everywhere, and that the aged villages have a share of
// round payments well above other villages'.
func TestFixedAllowances(t *testing.T) {
	w := smallWorld(t)
	p := paymentsOf(t, w)
	fixed := map[string][]float64{"gaoling": {100, 200, 300}, "canji": {50, 100, 150, 200}}
	round, all := map[string]int{}, map[string]int{}
	for _, row := range p.rows {
		amount, _ := strconv.ParseFloat(p.get(row, "amount_yuan"), 64)
		if want, ok := fixed[p.get(row, "program")]; ok && !slices.Contains(want, amount) {
			t.Fatalf("payment %s: %s of %v yuan, want one of %v", p.get(row, "payment_id"), p.get(row, "program"), amount, want)
		}
		u := p.get(row, "unit_id")
		all[u]++
		if math.Mod(amount, 100) == 0 {
			round[u]++
		}
	}
	aged := map[string]bool{}
	for _, d := range decoysOf(w.truth, DecoyFixedAllowance) {
		aged[d.UnitID] = true
	}
	var shares []float64
	for u, n := range all {
		if len(u) == 12 && u[9] == '0' && !aged[u] && n >= 100 { // villages and communities
			shares = append(shares, float64(round[u])/float64(n))
		}
	}
	sort.Float64s(shares)
	median := shares[len(shares)/2]
	for u := range aged {
		share := float64(round[u]) / float64(all[u])
		t.Logf("aged village %s: %.0f%% of %d payments are multiples of 100 (other villages' median %.0f%%)", u, 100*share, all[u], 100*median)
		if share < 1.3*median {
			t.Errorf("aged village %s: round share %.2f, not well above the median %.2f", u, share, median)
		}
	}
}

// TestPolicyAmounts checks that a district's policy payment is one amount
// just under the approval limit, once per household, in its period, at
// several of its units, approved by the paying unit.
func TestPolicyAmounts(t *testing.T) {
	for _, w := range []*world{smallWorld(t), chengduWorld(t)} {
		p := paymentsOf(t, w)
		byID := rowsByID(p, "payment_id")
		payers := map[string]int{}
		for _, d := range decoysOf(w.truth, DecoyPolicyAmount) {
			payers[d.DistrictID]++
			amounts, payees := map[string]bool{}, map[string]bool{}
			for _, id := range d.IDs {
				row := byID[id]
				amounts[p.get(row, "amount_yuan")] = true
				if payees[p.get(row, "payee_id")] {
					t.Errorf("policy %s: payee %s paid twice", d.UnitID, p.get(row, "payee_id"))
				}
				payees[p.get(row, "payee_id")] = true
				if on := p.get(row, "paid_on"); on < d.From || on > d.To {
					t.Errorf("policy %s: payment %s on %s outside %s–%s", d.UnitID, id, on, d.From, d.To)
				}
			}
			for a := range amounts {
				if x, _ := strconv.ParseFloat(a, 64); len(amounts) != 1 || x < 4500 || x >= 5000 {
					t.Errorf("policy %s: amounts %v, want one just under 5,000", d.UnitID, amounts)
				}
			}
		}
		if len(payers) == 0 {
			t.Fatal("no policy payments")
		}
		for district, n := range payers {
			t.Logf("%s: district %s pays a policy amount through %d clean units", w.truth.Profile, district, n)
			if n < 2 {
				t.Errorf("district %s: policy amount paid by %d units, want district-wide", district, n)
			}
		}
	}
}

// TestDistrictCampaigns checks that reports, accusations included, rise
// two- to threefold against the district's units in the campaign, and that
// the decoy names exactly those reports.
func TestDistrictCampaigns(t *testing.T) {
	w := chengduWorld(t)
	rep := readLedger(t, w.dir, "reports")
	scored := scoredUnits(t, w)
	for _, d := range decoysOf(w.truth, DecoyDistrictCampaign) {
		from, to := dayOfISO(d.From), dayOfISO(d.To)
		in, out, inAcc, outAcc := 0, 0, 0, 0
		ids := map[string]bool{}
		for _, id := range d.IDs {
			ids[id] = true
		}
		for _, row := range rep.rows {
			u := rep.get(row, "unit_id")
			if u[:6] != d.UnitID || !scored[u] {
				continue
			}
			on := dayOfISO(rep.get(row, "received_on"))
			acc := rep.get(row, "category") == "accusation"
			if on >= from && on <= to {
				in++
				if acc {
					inAcc++
				}
				if !ids[rep.get(row, "report_id")] {
					t.Errorf("campaign %s: report %s in the period not in the decoy", d.UnitID, rep.get(row, "report_id"))
				}
			} else {
				out++
				if acc {
					outAcc++
				}
			}
		}
		if in != len(d.IDs) {
			t.Errorf("campaign %s: %d reports in the period, decoy names %d", d.UnitID, in, len(d.IDs))
		}
		days := float64(to - from + 1)
		rise := (float64(in) / days) / (float64(out) / (float64(lastDay+1) - days))
		riseAcc := (float64(inAcc) / days) / (float64(outAcc) / (float64(lastDay+1) - days))
		t.Logf("campaign %s %s–%s: reports ×%.2f, accusations ×%.2f (%s)", d.UnitID, d.From, d.To, rise, riseAcc, d.Note)
		if rise < 1.6 || riseAcc < 1.5 {
			t.Errorf("campaign %s: reports rose only ×%.2f, accusations ×%.2f", d.UnitID, rise, riseAcc)
		}
	}
}

// TestBulkLeases checks that bulk leases are large, to companies, bid for
// and approved, within the legal term, and cheaper per mu than the
// district's other leases.
func TestBulkLeases(t *testing.T) {
	w := chengduWorld(t)
	a := readLedger(t, w.dir, "assets")
	bulk := decoyIDs(w.truth, "assets", DecoyBulkLease)
	evidence := plantedIDs(w.truth, "assets", "")
	prices := map[string][]float64{}
	for _, row := range a.rows {
		area, _ := strconv.ParseFloat(a.get(row, "area_mu"), 64)
		if area == 0 || bulk[a.get(row, "txn_id")] || evidence[a.get(row, "txn_id")] {
			continue
		}
		amount, _ := strconv.ParseFloat(a.get(row, "amount_yuan"), 64)
		prices[a.get(row, "unit_id")[:6]] = append(prices[a.get(row, "unit_id")[:6]], amount/area)
	}
	for _, row := range a.rows {
		if !bulk[a.get(row, "txn_id")] {
			continue
		}
		area, _ := strconv.ParseFloat(a.get(row, "area_mu"), 64)
		amount, _ := strconv.ParseFloat(a.get(row, "amount_yuan"), 64)
		term, _ := strconv.Atoi(a.get(row, "term_years"))
		ps := prices[a.get(row, "unit_id")[:6]]
		sort.Float64s(ps)
		median := ps[len(ps)/2]
		switch {
		case area < 200 || area > 1000:
			t.Errorf("bulk lease %s: %.0f mu", a.get(row, "txn_id"), area)
		case a.get(row, "public_bidding") != "true" || a.get(row, "approved") != "true" || term > 30:
			t.Errorf("bulk lease %s: bidding %s, approved %s, %d years", a.get(row, "txn_id"), a.get(row, "public_bidding"), a.get(row, "approved"), term)
		case !validUSCC(a.get(row, "counterparty_id")):
			t.Errorf("bulk lease %s: counterparty %s is not a company", a.get(row, "txn_id"), a.get(row, "counterparty_id"))
		case amount/area >= 0.85*median:
			t.Errorf("bulk lease %s: %.0f yuan/mu, district median %.0f", a.get(row, "txn_id"), amount/area, median)
		}
	}
	t.Logf("%d bulk leases", len(bulk))
}

// scoredUnits returns the ids of the world's townships, villages and
// stations.
func scoredUnits(t *testing.T, w *world) map[string]bool {
	units := readLedger(t, w.dir, "units")
	out := map[string]bool{}
	for _, row := range units.rows {
		switch units.get(row, "level") {
		case "township", "village", "station":
			out[units.get(row, "unit_id")] = true
		}
	}
	return out
}

// dayOfISO parses YYYY-MM-DD.
func dayOfISO(s string) day {
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:10])
	return dayOf(y, time.Month(m), d)
}
