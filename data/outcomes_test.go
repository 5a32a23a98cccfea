package data

import (
	"slices"
	"strconv"
	"testing"
)

// The backtest dates and horizon of issue 12: score with what was known at
// T, then look at the twelve months after it (the world ends 2017-05-31).
var backtests = []string{"2016-05-31", "2016-11-30"}

// followed returns the units with an outcome after T within twelve
// months, read from the ledgers as a backtest would: a case filed, a lead
// closed with outcome case_filed, an inspection started that found
// problems.
func followed(t *testing.T, w *world, T string) map[string]bool {
	end := dayOfISO(T).time().AddDate(1, 0, 0).Format("2006-01-02")
	in := func(on string) bool { return on > T && on <= end }
	out := map[string]bool{}
	cases := readLedger(t, w.dir, "cases")
	for _, row := range cases.rows {
		if in(cases.get(row, "filed_on")) {
			out[cases.get(row, "unit_id")] = true
		}
	}
	leads := readLedger(t, w.dir, "leads")
	for _, row := range leads.rows {
		if leads.get(row, "outcome") == "case_filed" && in(leads.get(row, "closed_on")) {
			out[leads.get(row, "unit_id")] = true
		}
	}
	ins := readLedger(t, w.dir, "inspections")
	for _, row := range ins.rows {
		if n, _ := strconv.Atoi(ins.get(row, "problems_found")); n > 0 && in(ins.get(row, "start_on")) {
			out[ins.get(row, "unit_id")] = true
		}
	}
	return out
}

// TestOutcomesFollowMechanisms checks on the chengdu world, at each
// backtest date, that most planted units — and some of every pattern —
// have outcomes in the twelve months after it, more often than clean
// units, and that decoy units have them no more often than clean ones.
func TestOutcomesFollowMechanisms(t *testing.T) {
	w := chengduWorld(t)
	scored := scoredUnits(t, w)
	decoy := map[string]bool{}
	for _, d := range w.truth.Decoys {
		if d.Kind != DecoyDistrictCampaign {
			decoy[d.UnitID] = true
		}
	}
	planted := map[string]PlantedUnit{}
	for _, pu := range w.truth.Planted {
		planted[pu.UnitID] = pu
	}
	for _, T := range backtests {
		after := followed(t, w, T)
		var nPlanted, nClean, nDecoy, fPlanted, fClean, fDecoy int
		byPattern := map[string]int{}
		for u := range scored {
			switch pu, ok := planted[u]; {
			case ok:
				nPlanted++
				if after[u] {
					fPlanted++
					for _, p := range pu.Patterns {
						byPattern[p]++
					}
				}
			case decoy[u]:
				nDecoy++
				if after[u] {
					fDecoy++
				}
			default:
				nClean++
				if after[u] {
					fClean++
				}
			}
		}
		sp, sc, sd := float64(fPlanted)/float64(nPlanted), float64(fClean)/float64(nClean), float64(fDecoy)/float64(nDecoy)
		t.Logf("T = %s: outcomes in 12 months for %.0f%% of planted, %.0f%% of clean, %.0f%% of decoy units; planted by pattern %v",
			T, 100*sp, 100*sc, 100*sd, byPattern)
		if sp < 0.6 || sp < 2*sc {
			t.Errorf("T = %s: %.2f of planted units followed, clean %.2f", T, sp, sc)
		}
		if sd > sc+0.1 {
			t.Errorf("T = %s: %.2f of decoy units followed, clean %.2f", T, sd, sc)
		}
		for _, p := range Patterns {
			if byPattern[p] == 0 {
				t.Errorf("T = %s: no %s unit followed", T, p)
			}
		}
	}
}

// TestScheduleDates checks that each planted unit starts by 2016-10-31,
// that its planted rows and outcomes come after its start, and that its
// outcome rows are dated after its revelation minus a lead's lag.
func TestScheduleDates(t *testing.T) {
	w := smallWorld(t)
	dates := map[string]map[string]string{} // ledger → id → date
	for ledger, cols := range map[string][2]string{"payments": {"payment_id", "paid_on"}, "assets": {"txn_id", "txn_on"},
		"cases": {"case_id", "filed_on"}, "reports": {"report_id", "received_on"}, "leads": {"lead_id", "received_on"},
		"inspections": {"inspection_id", "start_on"}, "actions": {"action_id", "taken_on"}} {
		l := readLedger(t, w.dir, ledger)
		if ledger == "payments" {
			l = paymentsOf(t, w)
		}
		dates[ledger] = map[string]string{}
		for _, row := range l.rows {
			dates[ledger][l.get(row, cols[0])] = l.get(row, cols[1])
		}
	}
	for _, pu := range w.truth.Planted {
		if pu.Start < "2015-01-01" || pu.Start > "2016-10-31" || pu.Revealed <= pu.Start {
			t.Errorf("%s: start %s, revealed %s", pu.UnitID, pu.Start, pu.Revealed)
		}
		month := pu.Start[:8] + "01" // monthly rosters pay from the start's month
		for _, e := range pu.Evidence {
			for _, id := range e.IDs {
				if on := dates[e.Ledger][id]; on < month {
					t.Errorf("%s %s: %s %s dated %s, before the start %s", pu.UnitID, e.Pattern, e.Ledger, id, on, pu.Start)
				}
			}
		}
		if len(pu.Outcomes) == 0 {
			t.Errorf("%s: no outcome", pu.UnitID)
		}
		for _, o := range pu.Outcomes {
			for _, id := range o.IDs {
				if on := dates[o.Ledger][id]; on < pu.Start {
					t.Errorf("%s: outcome %s %s dated %s, before the start %s", pu.UnitID, o.Ledger, id, on, pu.Start)
				}
			}
		}
	}
}

// TestRectifiedAndAccused checks the columns added for issue 12:
// problems_rectified is at most problems_found and null exactly while a
// tour is under way; accused_id names a cadre of the unit, on about half
// the accusations and on nothing else.
func TestRectifiedAndAccused(t *testing.T) {
	w := smallWorld(t)
	ins := readLedger(t, w.dir, "inspections")
	for _, row := range ins.rows {
		found, fixed := ins.get(row, "problems_found"), ins.get(row, "problems_rectified")
		f, _ := strconv.Atoi(found)
		x, _ := strconv.Atoi(fixed)
		if (fixed == "") != (ins.get(row, "end_on") == "") || (found == "") != (fixed == "") || x > f {
			t.Errorf("inspection %s: end %q, found %q, rectified %q", ins.get(row, "inspection_id"), ins.get(row, "end_on"), found, fixed)
		}
	}
	cadres := map[string][]string{}
	reg := readLedger(t, w.dir, "registers")
	for _, row := range reg.rows {
		if r := reg.get(row, "register"); r == "cadre" || r == "public_employee" {
			cadres[reg.get(row, "unit_id")] = append(cadres[reg.get(row, "unit_id")], reg.get(row, "person_id"))
		}
	}
	rep := readLedger(t, w.dir, "reports")
	scored := scoredUnits(t, w)
	named, accusations := 0, 0
	for _, row := range rep.rows {
		accused, u := rep.get(row, "accused_id"), rep.get(row, "unit_id")
		if rep.get(row, "category") != "accusation" {
			if accused != "" {
				t.Fatalf("report %s of category %s names %s", rep.get(row, "report_id"), rep.get(row, "category"), accused)
			}
			continue
		}
		if !scored[u] {
			continue
		}
		accusations++
		if accused != "" {
			named++
			if !slices.Contains(cadres[u], accused) {
				t.Errorf("report %s names %s, not a cadre of %s", rep.get(row, "report_id"), accused, u)
			}
		}
	}
	share := float64(named) / float64(accusations)
	t.Logf("%d of %d accusations (%.0f%%) name the cadre accused", named, accusations, 100*share)
	if share < 0.4 || share > 0.6 {
		t.Errorf("%.2f of accusations name a cadre, want about half", share)
	}
}

// TestCoordinates checks where the units are: every unit has coordinates;
// Chengdu's core districts lie within 10 km of the centre and its counties
// 30–90 km out; townships near their district, villages within 4 km and
// communities within 1.5 km of their township; stations at their township.
func TestCoordinates(t *testing.T) {
	for code, c := range districtSeats {
		d := distanceKm(cityCentre, c)
		switch class := districtClass(code); {
		case class == Core && d > 10:
			t.Errorf("core district %s %.0f km from the centre", code, d)
		case class == Rural && (d < 30 || d > 90):
			t.Errorf("county %s %.0f km from the centre", code, d)
		}
	}
	w := smallWorld(t)
	units := readLedger(t, w.dir, "units")
	at := map[string]coord{}
	for _, row := range units.rows {
		lon, err1 := strconv.ParseFloat(units.get(row, "longitude"), 64)
		lat, err2 := strconv.ParseFloat(units.get(row, "latitude"), 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("unit %s: coordinates %q %q", units.get(row, "unit_id"), units.get(row, "longitude"), units.get(row, "latitude"))
		}
		id, parent := units.get(row, "unit_id"), units.get(row, "parent_id")
		at[id] = coord{lon, lat}
		limit := map[string]float64{"township": 22.1, "station": 0}[units.get(row, "level")]
		switch units.get(row, "kind") {
		case "village":
			limit = villageSpread + 0.1
		case "community":
			limit = communitySpread + 0.1
		}
		if units.get(row, "level") == "township" || units.get(row, "level") == "village" || units.get(row, "level") == "station" {
			if d := distanceKm(at[parent], at[id]); d > limit+1e-6 {
				t.Errorf("%s (%s) %.1f km from %s", id, units.get(row, "kind"), d, parent)
			}
		}
	}
}

// districtClass returns the class of a Chengdu district.
func districtClass(code string) DistrictClass {
	for _, d := range chengduDistricts {
		if d.Code == code {
			return d.Class
		}
	}
	return ""
}
