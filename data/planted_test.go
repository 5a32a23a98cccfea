package data

import (
	"math"
	"sort"
	"strconv"
	"testing"
)

// index holds the small world's ledgers keyed for the pattern checks.
type index struct {
	payments  *ledger
	byPayee   map[string][][]string // payee_id → rows
	relatives map[string]map[string]bool
	registers map[string]map[string]string // register → person → since
	accounts  map[string]map[string]bool   // account → payees
	letters   map[string][]string          // unit → dates of its warning letters
	paidTimes map[[3]string]int            // unit, programme, payee → payments
}

func newIndex(t *testing.T, w *world) *index {
	dir := w.dir
	ix := &index{payments: paymentsOf(t, w), byPayee: map[string][][]string{},
		relatives: map[string]map[string]bool{}, registers: map[string]map[string]string{},
		accounts: map[string]map[string]bool{}, letters: map[string][]string{}, paidTimes: map[[3]string]int{}}
	p := ix.payments
	for _, row := range p.rows {
		ix.paidTimes[[3]string{p.get(row, "unit_id"), p.get(row, "program"), p.get(row, "payee_id")}]++
		ix.byPayee[p.get(row, "payee_id")] = append(ix.byPayee[p.get(row, "payee_id")], row)
		acc := p.get(row, "account_no")
		if ix.accounts[acc] == nil {
			ix.accounts[acc] = map[string]bool{}
		}
		ix.accounts[acc][p.get(row, "payee_id")] = true
	}
	rel := readLedger(t, dir, "relations")
	for _, row := range rel.rows {
		u := rel.get(row, "unit_id")
		if ix.relatives[u] == nil {
			ix.relatives[u] = map[string]bool{}
		}
		ix.relatives[u][rel.get(row, "related_id")] = true
	}
	act := readLedger(t, dir, "actions")
	for _, row := range act.rows {
		if act.get(row, "kind") == "warning_letter" {
			ix.letters[act.get(row, "unit_id")] = append(ix.letters[act.get(row, "unit_id")], act.get(row, "taken_on"))
		}
	}
	reg := readLedger(t, dir, "registers")
	for _, row := range reg.rows {
		r := reg.get(row, "register")
		if ix.registers[r] == nil {
			ix.registers[r] = map[string]string{}
		}
		ix.registers[r][reg.get(row, "person_id")] = reg.get(row, "since")
	}
	return ix
}

// TestPlantedPatternsPresent checks that every planted unit's every
// pattern has rows, that the rows truth.json names exist and belong to the
// unit, and that each carries its pattern.
func TestPlantedPatternsPresent(t *testing.T) {
	w := smallWorld(t)
	checkPlanted(t, w)
}

func checkPlanted(t *testing.T, w *world) {
	ix := newIndex(t, w)
	keys := map[string]string{"payments": "payment_id", "assets": "txn_id", "cases": "case_id", "reports": "report_id", "leads": "lead_id",
		"inspections": "inspection_id", "actions": "action_id"}
	ledgers := map[string]*ledger{}
	byKey := map[string]map[string][]string{}
	for name, key := range keys {
		l := ix.payments
		if name != "payments" {
			l = readLedger(t, w.dir, name)
		}
		ledgers[name], byKey[name] = l, map[string][]string{}
		for _, row := range l.rows {
			byKey[name][l.get(row, key)] = row
		}
	}
	seen := map[string]int{}
	for _, pu := range w.truth.Planted {
		has := map[string]bool{}
		for _, e := range pu.Evidence {
			l, rows := ledgers[e.Ledger], byKey[e.Ledger]
			for _, id := range e.IDs {
				row, ok := rows[id]
				if !ok || l.get(row, "unit_id") != pu.UnitID {
					t.Errorf("%s %s: %s %s missing or not the unit's", pu.UnitID, e.Pattern, e.Ledger, id)
					continue
				}
				if msg := ix.carries(e.Pattern, e.Ledger, l, row, pu.UnitID); msg != "" {
					t.Errorf("%s %s: %s %s: %s", pu.UnitID, e.Pattern, e.Ledger, id, msg)
				}
				has[e.Pattern] = true
			}
		}
		for _, p := range pu.Patterns {
			seen[p]++
			if !has[p] {
				t.Errorf("%s: pattern %s has no rows", pu.UnitID, p)
			}
		}
	}
	for _, p := range Patterns {
		if seen[p] == 0 {
			t.Errorf("pattern %s planted nowhere", p)
		}
	}
	t.Logf("planted units by pattern: %v", seen)
}

// carries returns why row does not show pattern, or "".
func (ix *index) carries(pattern, ledgerName string, l *ledger, row []string, unitID string) string {
	get := func(c string) string { return l.get(row, c) }
	amount, _ := strconv.ParseFloat(get("amount_yuan"), 64)
	switch pattern {
	case PatternSplitAmounts:
		if amount < 4500 || amount >= 5000 {
			return "amount not just under the 5,000 limit"
		}
	case PatternRoundAmounts:
		if math.Mod(amount, 100) != 0 {
			return "amount not a multiple of 100"
		}
	case PatternBenefitRelatives:
		if !ix.relatives[unitID][get("payee_id")] {
			return "payee is not a relative of the unit's cadres"
		}
	case PatternRegisterMatch:
		payee, on := get("payee_id"), get("paid_on")
		died, dead := ix.registers["deceased"][payee]
		hired, employed := ix.registers["public_employee"][payee]
		if !(dead && died < on) && !(employed && hired <= on) {
			return "payee neither dead nor employed when paid"
		}
	case PatternDuplicatePayment:
		if !ix.hasTwin(row) {
			return "no earlier payment of the same payee, programme, amount and month"
		}
	case PatternSharedAccount:
		if len(ix.accounts[get("account_no")]) < 2 {
			return "account not shared"
		}
	case PatternLeaseBelowPrice:
		if get("kind") != "lease" || get("public_bidding") != "false" || get("area_mu") == "" {
			return "not a land lease without public bidding"
		}
	case PatternCaseExcess:
		if ledgerName == "leads" && (get("key_lead") != "true" || get("status") == "closed") {
			return "not an open key lead"
		}
		if ledgerName == "reports" && get("category") != "accusation" {
			return "not an accusation"
		}
	default:
		return ix.carriesMore(pattern, ledgerName, get, unitID)
	}
	return ""
}

// carriesMore returns why a row does not show one of the patterns of
// plant_more.go, or "".
func (ix *index) carriesMore(pattern, ledgerName string, get func(string) string, unitID string) string {
	switch pattern {
	case PatternOwnerBenefits:
		payee, on := get("payee_id"), get("paid_on")
		if p := get("program"); p != "dibao" && p != "tekun" {
			return "programme " + p + " is not dibao or tekun"
		}
		for _, reg := range []string{"vehicle_owner", "property_owner", "business_owner"} {
			if since, ok := ix.registers[reg][payee]; ok && since <= on {
				return ""
			}
		}
		return "payee owns nothing on record"
	case PatternPayeeConcentration:
		if n := ix.paidTimes[[3]string{unitID, get("program"), get("payee_id")}]; n < 4 {
			return "payee paid only " + strconv.Itoa(n) + " times"
		}
	case PatternYearEndRush:
		on := get("paid_on")
		if ledgerName == "assets" {
			on = get("txn_on")
		}
		if on[5:7] != "12" || (ledgerName == "assets" && get("kind") != "expense") {
			return "not a December payment or expense"
		}
	case PatternLeaseToRelatives:
		if k := get("kind"); (k != "lease" && k != "contract") || !ix.relatives[unitID][get("counterparty_id")] {
			return "not a lease or contract to a cadre's relative"
		}
	case PatternRepeatReports:
		if get("category") != "accusation" || get("accused_id") == "" {
			return "not an accusation naming a cadre"
		}
	case PatternUnrectified:
		found, _ := strconv.Atoi(get("problems_found"))
		fixed, _ := strconv.Atoi(get("problems_rectified"))
		if found < 6 || 5*fixed > found {
			return "not many problems found and few rectified"
		}
	case PatternCasesAfterReminder:
		if ledgerName == "actions" {
			if get("kind") != "warning_letter" {
				return "not a warning letter"
			}
			return ""
		}
		for _, on := range ix.letters[unitID] {
			if on < get("filed_on") {
				return ""
			}
		}
		return "no warning letter before the case"
	}
	return ""
}

// hasTwin reports whether another payment matches row's payee, programme,
// amount and month.
func (ix *index) hasTwin(row []string) bool {
	p := ix.payments
	for _, other := range ix.byPayee[p.get(row, "payee_id")] {
		if p.get(other, "payment_id") != p.get(row, "payment_id") &&
			p.get(other, "program") == p.get(row, "program") && p.get(other, "amount_yuan") == p.get(row, "amount_yuan") &&
			p.get(other, "paid_on")[:7] == p.get(row, "paid_on")[:7] {
			return true
		}
	}
	return false
}

// TestCleanHasNoTwins checks that units without duplicate_payment pay no
// payee twice for the same programme in a month.
func TestCleanHasNoTwins(t *testing.T) {
	w := smallWorld(t)
	planted := plantedIDs(w.truth, "payments", "")
	p := paymentsOf(t, w)
	seen := map[string]bool{}
	for _, row := range p.rows {
		if planted[p.get(row, "payment_id")] {
			continue
		}
		u := p.get(row, "unit_id")
		k := u + p.get(row, "payee_id") + p.get(row, "program") + p.get(row, "paid_on")[:7]
		if seen[k] {
			t.Errorf("clean unit %s pays %s twice for %s in %s", u, p.get(row, "payee_id"), p.get(row, "program"), p.get(row, "paid_on")[:7])
		}
		seen[k] = true
	}
}

// plantedIDs returns the ids of ledger's rows that carry pattern (any
// pattern if empty).
func plantedIDs(tr *Truth, ledger, pattern string) map[string]bool {
	out := map[string]bool{}
	for _, pu := range tr.Planted {
		for _, e := range pu.Evidence {
			if e.Ledger == ledger && (pattern == "" || e.Pattern == pattern) {
				for _, id := range e.IDs {
					out[id] = true
				}
			}
		}
	}
	return out
}

// TestLeaseBelowPrice checks that planted leases are far below the going
// price of their district's other leases.
func TestLeaseBelowPrice(t *testing.T) {
	w := smallWorld(t)
	planted := plantedIDs(w.truth, "assets", PatternLeaseBelowPrice)
	a := readLedger(t, w.dir, "assets")
	clean, cheap := map[string][]float64{}, map[string][]float64{}
	for _, row := range a.rows {
		area, _ := strconv.ParseFloat(a.get(row, "area_mu"), 64)
		if area == 0 {
			continue
		}
		amount, _ := strconv.ParseFloat(a.get(row, "amount_yuan"), 64)
		district := a.get(row, "unit_id")[:6]
		if planted[a.get(row, "txn_id")] {
			cheap[district] = append(cheap[district], amount/area)
		} else {
			clean[district] = append(clean[district], amount/area)
		}
	}
	if len(cheap) == 0 {
		t.Fatal("no planted lease")
	}
	for d, prices := range cheap {
		sort.Float64s(clean[d])
		median := clean[d][len(clean[d])/2]
		for _, p := range prices {
			if p > 0.5*median {
				t.Errorf("district %s: planted lease at %.0f yuan/mu, median %.0f", d, p, median)
			}
		}
		t.Logf("district %s: median %.0f yuan/mu a year over %d clean leases; planted %.0f", d, median, len(clean[d]), prices)
	}
}

func TestChengduPlantedPatternsPresent(t *testing.T) {
	checkPlanted(t, chengduWorld(t))
}

// TestCleanMatchesNoRegister checks that no clean payment goes to a person
// already dead or employed by the state: the register matches are all
// planted.
func TestCleanMatchesNoRegister(t *testing.T) {
	w := smallWorld(t)
	ix := newIndex(t, w)
	planted := plantedIDs(w.truth, "payments", "")
	p := ix.payments
	for _, row := range p.rows {
		if planted[p.get(row, "payment_id")] {
			continue
		}
		payee, on := p.get(row, "payee_id"), p.get(row, "paid_on")
		if died, ok := ix.registers["deceased"][payee]; ok && died < on {
			t.Errorf("clean payment %s on %s to %s, dead since %s", p.get(row, "payment_id"), on, payee, died)
		}
		if since, ok := ix.registers["public_employee"][payee]; ok && since <= on {
			t.Errorf("clean payment %s to public employee %s", p.get(row, "payment_id"), payee)
		}
		if ix.relatives[p.get(row, "unit_id")][payee] {
			t.Errorf("clean payment %s to a relative of the unit's cadres", p.get(row, "payment_id"))
		}
	}
}
