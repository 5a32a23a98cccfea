package data

import "testing"

// TestDispositionsFollowTheTruth: every completed tour decided within the
// world has one disposition naming its unit, and the planted units'
// tours are found out far more often than the others'.
func TestDispositionsFollowTheTruth(t *testing.T) {
	w := chengduWorld(t)
	d := readLedger(t, w.dir, "dispositions")
	planted := map[string]bool{}
	for _, p := range w.truth.Planted {
		planted[p.UnitID] = true
	}
	type tally struct{ checked, hits int }
	by := map[bool]*tally{true: {}, false: {}}
	for _, row := range d.rows {
		if d.get(row, "unit_id") == "" || d.get(row, "target_id") != "" || d.get(row, "flag_id") != "" {
			t.Fatalf("disposition %v does not name its unit alone", row)
		}
		if on := d.get(row, "decided_on"); on > lastDay.String() || !dateRe.MatchString(on) {
			t.Fatalf("disposition decided on %q", on)
		}
		r := d.get(row, "result")
		if r == "not_checked" {
			continue
		}
		tl := by[planted[d.get(row, "unit_id")]]
		tl.checked++
		if r == "confirmed" || r == "partly_confirmed" {
			tl.hits++
		} else if d.get(row, "money_recovered_yuan") != "" {
			t.Errorf("money recovered on a %s disposition: %v", r, row)
		}
	}
	rate := func(tl *tally) float64 { return float64(tl.hits) / float64(max(1, tl.checked)) }
	t.Logf("%d dispositions; found: planted %d/%d, others %d/%d", len(d.rows), by[true].hits, by[true].checked, by[false].hits, by[false].checked)
	if by[true].checked < 20 || rate(by[true]) < 0.7 || rate(by[false]) > 0.35 {
		t.Errorf("planted units found %.2f, others %.2f", rate(by[true]), rate(by[false]))
	}
	if w.truth.Counts["dispositions"] != len(d.rows) {
		t.Errorf("truth counts %d dispositions, the file has %d", w.truth.Counts["dispositions"], len(d.rows))
	}
}
