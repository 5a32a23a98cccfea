package data

import (
	"slices"
	"strconv"
	"testing"
)

// plantedWith returns the planted units carrying pattern.
func plantedWith(tr *Truth, pattern string) []PlantedUnit {
	var out []PlantedUnit
	for _, pu := range tr.Planted {
		if slices.Contains(pu.Patterns, pattern) {
			out = append(out, pu)
		}
	}
	return out
}

// evidenceOf returns the unit's evidence for pattern in ledger.
func evidenceOf(pu PlantedUnit, pattern, ledger string) Evidence {
	for _, e := range pu.Evidence {
		if e.Pattern == pattern && e.Ledger == ledger {
			return e
		}
	}
	return Evidence{}
}

// TestSilentUnits checks that a silent unit hides a payment or lease
// pattern, was never toured nor visited in the records, drew far fewer
// accusations than its size explains, and had no case before an audit
// revealed it.
func TestSilentUnits(t *testing.T) {
	w := chengduWorld(t)
	silent := plantedWith(w.truth, PatternSilentUnit)
	if len(silent) == 0 {
		t.Fatal("no silent unit")
	}
	ins := readLedger(t, w.dir, "inspections")
	toured := map[string]int{}
	for _, row := range ins.rows {
		toured[ins.get(row, "unit_id")]++
	}
	exposure := exposures(t, w)
	rep := readLedger(t, w.dir, "reports")
	accusations := map[string]int{}
	for _, row := range rep.rows {
		if rep.get(row, "category") == "accusation" {
			accusations[rep.get(row, "unit_id")]++
		}
	}
	cases := readLedger(t, w.dir, "cases")
	var cleanAcc, cleanExp, silentAcc, silentExp float64
	planted := map[string]bool{}
	for _, id := range w.truth.PlantedUnitIDs() {
		planted[id] = true
	}
	for u, e := range exposure {
		if !planted[u] {
			cleanAcc += float64(accusations[u])
			cleanExp += e
		}
	}
	for _, pu := range silent {
		if toured[pu.UnitID] > 0 {
			t.Errorf("silent %s: %d inspections on record", pu.UnitID, toured[pu.UnitID])
		}
		if !slices.ContainsFunc(pu.Patterns, hidesRows) {
			t.Errorf("silent %s hides no payment or lease pattern: %v", pu.UnitID, pu.Patterns)
		}
		var hidden []string
		for _, e := range pu.Evidence {
			if hidesRows(e.Pattern) {
				hidden = append(hidden, e.IDs...)
			}
		}
		for _, e := range pu.Evidence {
			for _, id := range e.IDs {
				if e.Pattern == PatternSilentUnit && !slices.Contains(hidden, id) {
					t.Errorf("silent %s: evidence %s is not one of its anomalous rows", pu.UnitID, id)
				}
			}
		}
		before := 0
		for _, row := range cases.rows {
			if cases.get(row, "unit_id") == pu.UnitID && cases.get(row, "filed_on") < pu.Revealed {
				before++
			}
		}
		if before > 1 {
			t.Errorf("silent %s: %d cases before it was revealed on %s", pu.UnitID, before, pu.Revealed)
		}
		silentAcc += float64(accusations[pu.UnitID])
		silentExp += exposure[pu.UnitID]
	}
	ratio := (silentAcc / silentExp) / (cleanAcc / cleanExp)
	t.Logf("%d silent units: accusations per unit of exposure %.2f× the clean units'", len(silent), ratio)
	if ratio > 0.5 {
		t.Errorf("silent units draw %.2f× the clean units' accusations for their size, want under a half", ratio)
	}
}

// exposures returns every scored unit's report exposure, as reports.go
// computes it from the units ledger.
func exposures(t *testing.T, w *world) map[string]float64 {
	units := readLedger(t, w.dir, "units")
	out := map[string]float64{}
	for _, row := range units.rows {
		pop, _ := strconv.ParseFloat(units.get(row, "population"), 64)
		staff, _ := strconv.ParseFloat(units.get(row, "staff"), 64)
		switch units.get(row, "level") {
		case "village":
			out[units.get(row, "unit_id")] = pop / 1000
		case "township":
			out[units.get(row, "unit_id")] = 4 + staff/40
		case "station":
			out[units.get(row, "unit_id")] = 0.5 + staff/15
		}
	}
	return out
}

// TestNoCleanOwnerBenefits checks that owners of cars, houses and
// businesses receive means-tested benefits only where owner_benefits is
// planted.
func TestNoCleanOwnerBenefits(t *testing.T) {
	w := smallWorld(t)
	ix := newIndex(t, w)
	planted := plantedIDs(w.truth, "payments", PatternOwnerBenefits)
	p := ix.payments
	n := 0
	for _, row := range p.rows {
		if !programByCode(p.get(row, "program")).means || planted[p.get(row, "payment_id")] {
			continue
		}
		for _, reg := range []string{"vehicle_owner", "property_owner", "business_owner"} {
			if _, ok := ix.registers[reg][p.get(row, "payee_id")]; ok {
				if n++; n <= 5 {
					t.Errorf("clean payment %s of %s to a %s", p.get(row, "payment_id"), p.get(row, "program"), reg)
				}
			}
		}
	}
	if len(planted) == 0 {
		t.Error("no owner_benefits payment planted")
	}
}

// TestPayeeConcentration checks that the few payees of a
// payee_concentration unit take a large share of their programme's money
// from the start on.
func TestPayeeConcentration(t *testing.T) {
	for _, w := range []*world{smallWorld(t), chengduWorld(t)} {
		p := paymentsOf(t, w)
		byID := rowsByID(p, "payment_id")
		for _, pu := range plantedWith(w.truth, PatternPayeeConcentration) {
			e := evidenceOf(pu, PatternPayeeConcentration, "payments")
			program := p.get(byID[e.IDs[0]], "program")
			var few, all float64
			for _, row := range p.rows {
				if p.get(row, "unit_id") != pu.UnitID || p.get(row, "program") != program || p.get(row, "paid_on") < pu.Start {
					continue
				}
				amount, _ := strconv.ParseFloat(p.get(row, "amount_yuan"), 64)
				all += amount
				if slices.Contains(e.Persons, p.get(row, "payee_id")) {
					few += amount
				}
			}
			if len(e.Persons) < 2 || len(e.Persons) > 4 || few < 0.25*all {
				t.Errorf("%s: %d payees take %.0f%% of %s", pu.UnitID, len(e.Persons), 100*few/all, program)
			}
		}
	}
}

// TestYearEndRush checks that a year_end_rush unit's Decembers after its
// start hold far more one-off payments (where the rush is in payments) or
// collective expenses (where it is in assets) than its other months.
func TestYearEndRush(t *testing.T) {
	w := chengduWorld(t)
	p := paymentsOf(t, w)
	a := readLedger(t, w.dir, "assets")
	rush := map[string]bool{}
	for _, pu := range plantedWith(w.truth, PatternYearEndRush) {
		rush[pu.UnitID] = true
	}
	byMonth := map[[2]string]map[string]int{} // unit, ledger → YYYY-MM → rows
	count := func(u, ledger, on string) {
		if k := [2]string{u, ledger}; rush[u] {
			if byMonth[k] == nil {
				byMonth[k] = map[string]int{}
			}
			byMonth[k][on[:7]]++
		}
	}
	for _, row := range p.rows {
		if programByCode(p.get(row, "program")).freq == adHoc {
			count(p.get(row, "unit_id"), "payments", p.get(row, "paid_on"))
		}
	}
	for _, row := range a.rows {
		if a.get(row, "kind") == "expense" {
			count(a.get(row, "unit_id"), "assets", a.get(row, "txn_on"))
		}
	}
	for _, pu := range plantedWith(w.truth, PatternYearEndRush) {
		for _, ledger := range []string{"payments", "assets"} {
			if len(evidenceOf(pu, PatternYearEndRush, ledger).IDs) == 0 {
				continue
			}
			var dec, other float64
			var decs int
			for month, n := range byMonth[[2]string{pu.UnitID, ledger}] {
				if month[5:] == "12" && month+"-31" >= pu.Start {
					dec += float64(n)
					decs++
				} else {
					other += float64(n)
				}
			}
			ratio := (dec / float64(decs)) / (other / float64(months-decs))
			if decs == 0 || ratio < 4 {
				t.Errorf("%s %s: %.0f rows in %d Decembers, %.1f× its other months", pu.UnitID, ledger, dec, decs, ratio)
			}
		}
	}
}

// TestRepeatReports checks each run of repeat reports: four or more
// accusations against one cadre in one domain, through three or more
// channels, within five months.
func TestRepeatReports(t *testing.T) {
	w := smallWorld(t)
	rep := rowsByID(readLedger(t, w.dir, "reports"), "report_id")
	l := readLedger(t, w.dir, "reports")
	for _, pu := range plantedWith(w.truth, PatternRepeatReports) {
		e := evidenceOf(pu, PatternRepeatReports, "reports")
		accused, domains, channels := map[string]bool{}, map[string]bool{}, map[string]bool{}
		var first, last string
		for _, id := range e.IDs {
			row := rep[id]
			accused[l.get(row, "accused_id")] = true
			domains[l.get(row, "domain")] = true
			channels[l.get(row, "channel")] = true
			on := l.get(row, "received_on")
			if first == "" || on < first {
				first = on
			}
			last = max(last, on)
		}
		span := dayOfISO(last) - dayOfISO(first)
		if len(e.IDs) < 4 || len(accused) != 1 || len(domains) != 1 || len(channels) < 3 || span > 160 {
			t.Errorf("%s: %d reports, %d accused, %d domains, %d channels over %d days", pu.UnitID, len(e.IDs), len(accused), len(domains), len(channels), span)
		}
		if len(e.Persons) != 1 || !accused[e.Persons[0]] {
			t.Errorf("%s: persons %v, accused %v", pu.UnitID, e.Persons, accused)
		}
	}
}

// TestCasesAfterReminder checks that two or more cases follow the warning
// letter.
func TestCasesAfterReminder(t *testing.T) {
	w := smallWorld(t)
	for _, pu := range plantedWith(w.truth, PatternCasesAfterReminder) {
		letters := evidenceOf(pu, PatternCasesAfterReminder, "actions")
		cases := evidenceOf(pu, PatternCasesAfterReminder, "cases")
		if len(letters.IDs) != 1 || len(cases.IDs) < 2 {
			t.Errorf("%s: %d letters, %d cases after", pu.UnitID, len(letters.IDs), len(cases.IDs))
		}
	}
}
