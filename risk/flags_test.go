package risk

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestFlagsMatchIndicators is issue 11's promise on a generated world:
// for every indicator whose observed figure counts records, each unit that
// did not abstain has exactly that many flags of the rule, so that a
// reason saying "372 duplicate payments" lists 372 payments; every flag
// names a record of its ledger (or, for the digit test, a digit group),
// states why in both languages and carries its figures as JSON; and no
// reason carries a template error. The chengdu world (the demo's) is used
// unless -short, which uses the small one.
func TestFlagsMatchIndicators(t *testing.T) {
	profile := "chengdu"
	if testing.Short() {
		profile = "small"
	}
	f, _ := loadWorld(t, profile, 1)
	ctx := context.Background()
	run, err := Score(ctx, f.db, Options{AsOf: date("2017-05-31"), Config: DefaultConfig(), Now: fixedClock, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]map[string]float64{}
	rows, err := f.db.Query(`SELECT rule, unit_id, count(*) FROM flags WHERE run_id = ? GROUP BY ALL`, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var rule, unit string
		var n float64
		if err := rows.Scan(&rule, &unit, &n); err != nil {
			t.Fatal(err)
		}
		if counts[rule] == nil {
			counts[rule] = map[string]float64{}
		}
		counts[rule][unit] = n
	}
	rows.Close()
	for k, ind := range Catalogue {
		var checked, withFlags int
		for _, u := range run.Units {
			v := u.Values[k]
			zh, en := v.Reason()
			for _, s := range []string{zh, en} {
				if strings.Contains(s, ind.ID+".") {
					t.Errorf("%s %s: reason has a template error: %s", ind.ID, u.UnitID, s)
				}
			}
			if !ind.Counts || v.Abstains() {
				continue
			}
			checked++
			if n := counts[ind.ID][u.UnitID]; n != v.Observed {
				t.Errorf("%s %s: observed %v, %v flags", ind.ID, u.UnitID, v.Observed, n)
			} else if n > 0 {
				withFlags++
			}
		}
		t.Logf("%-24s %5d units checked, %4d with flags, %6.0f flags", ind.ID, checked, withFlags, sum(counts[ind.ID]))
		// the small world (-short) is too small for every rule to fire
		if ind.Counts && withFlags == 0 && profile == "chengdu" {
			t.Errorf("%s: no unit has a flag on the %s world: the check checks nothing", ind.ID, profile)
		}
	}
	checkFlagRecords(t, f, run.ID)
}

func sum(m map[string]float64) float64 {
	var s float64
	for _, x := range m {
		s += x
	}
	return s
}

// checkFlagRecords: each flag's record exists in its ledger with the unit
// it is flagged for (digit groups aside), its reasons are filled in, and
// its figures parse as JSON.
func checkFlagRecords(t *testing.T, f *fixture, runID string) {
	t.Helper()
	keys := map[string]string{"cases": "case_id", "reports": "report_id", "leads": "lead_id", "payments": "payment_id", "assets": "txn_id"}
	for ledger, key := range keys {
		var missing int
		err := f.db.QueryRow(`SELECT count(*) FROM flags g ANTI JOIN `+ledger+` r ON r.`+key+` = g.record_id AND r.unit_id = g.unit_id
			WHERE g.run_id = ? AND g.ledger = ? AND g.record_id NOT LIKE 'digits:%'`, runID, ledger).Scan(&missing)
		if err != nil {
			t.Fatal(err)
		}
		if missing > 0 {
			t.Errorf("%d %s flags name no %s record of their unit", missing, ledger, ledger)
		}
	}
	rows, err := f.db.Query(`SELECT rule, record_id, figures, reason_zh, reason_en, amount FROM flags WHERE run_id = ?
		QUALIFY row_number() OVER (PARTITION BY rule ORDER BY record_id) <= 20`, runID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var rule, id, figs, zh, en string
		var amount *float64
		if err := rows.Scan(&rule, &id, &figs, &zh, &en, &amount); err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(figs), &m); err != nil || len(m) == 0 {
			t.Errorf("%s %s: figures %q: %v", rule, id, figs, err)
		}
		if zh == "" || en == "" || strings.Contains(zh, "%!") || strings.Contains(en, "%!") {
			t.Errorf("%s %s: reasons %q / %q", rule, id, zh, en)
		}
		if amount != nil && (math.IsNaN(*amount) || *amount < 0) {
			t.Errorf("%s %s: amount %v", rule, id, *amount)
		}
	}
}
