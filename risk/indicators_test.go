package risk

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// casesFixture: three villages with staff 5, 10, 20 (10, 20, 40 staff-years
// over the 24-month window) and 6, 2, 4 cases in it; a fourth village with
// no staff figure and 3 cases; cases outside the window that must not count.
func casesFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.city()
	f.unit("T1", "township", "D1", 40, 20000)
	f.unit("A", "village", "T1", 5, 1000)
	f.unit("B", "village", "T1", 10, 2000)
	f.unit("C", "village", "T1", 20, 4000)
	f.unit("N", "village", "T1", nil, nil)
	f.cases("A", 6, "2016-03-01", "benefits")
	f.cases("B", 2, "2015-06-01", "other") // first day inside the window (2015-05-31, 2017-05-31]
	f.cases("C", 4, "2017-05-31", "land")  // the as-of date itself is inside
	f.cases("N", 3, "2016-01-01", "other")
	f.cases("A", 5, "2015-05-31", "benefits") // one day too early
	f.cases("B", 5, "2017-06-01", "benefits") // after the as-of date
	return f
}

// TestCasesIndicators checks the empirical-Bayes relative risk and the
// funnel z against figures computed by hand (python3, math module only):
//
//	m = Σe/Σb = 12/70 = 0.171429 cases per staff-year;
//	rates 0.6, 0.1, 0.1; v = Σb(r−m)²/Σb − m/b̄ = 0.030612 − 0.007347 = 0.023265;
//	w = v/(v + m/b): A 19/33, B 0.730769, C 0.844444;
//	smoothed A = 19/33·0.6 + 14/33·m = 23/55 = 0.418182 ⇒ RR 2.439394;
//	B 0.119231 ⇒ 0.695513; C 0.111111 ⇒ 0.648148.
//
// Funnel: E = m·b = 1.714286, 3.428571, 6.857143; exact mid-p z 2.566378,
// −0.709694, −1.089461; Spiegelhalter φ from z = 2(√O − √E) winsorised at
// the type-7 10%/90% quantiles = 1.614094, so z/√φ = 2.020022, −0.558608,
// −0.857526. T1 (staff 40, no cases) joins the prior too: it is a scored
// township, so the hand figures below use only A, B, C by giving T1 no
// staff in that subtest.
func TestCasesIndicators(t *testing.T) {
	f := casesFixture(t)
	f.exec(`UPDATE units SET staff = NULL WHERE unit_id = 'T1'`)
	r := computeAt(t, f, "2017-05-31", DefaultConfig())
	tests := []struct {
		unit, id       string
		value, obs, ex float64
	}{
		{"A", "cases_eb_rate", 2.439394, 6, 1.714286},
		{"B", "cases_eb_rate", 0.695513, 2, 3.428571},
		{"C", "cases_eb_rate", 0.648148, 4, 6.857143},
		{"A", "cases_funnel_z", 2.020022, 6, 1.714286},
		{"B", "cases_funnel_z", -0.558608, 2, 3.428571},
		{"C", "cases_funnel_z", -0.857526, 4, 6.857143},
	}
	for _, tt := range tests {
		t.Run(tt.unit+"/"+tt.id, func(t *testing.T) {
			v := indicatorOf(t, r, tt.unit, tt.id)
			if v.Abstains() {
				t.Fatalf("abstains: %s", v.Abstain)
			}
			if !near(v.Value, tt.value, 1e-5) || !near(v.Observed, tt.obs, 1e-9) || !near(v.Expected, tt.ex, 1e-5) {
				t.Errorf("value %.6f observed %v expected %.6f, want %.6f %v %.6f", v.Value, v.Observed, v.Expected, tt.value, tt.obs, tt.ex)
			}
		})
	}
	a := indicatorOf(t, r, "A", "cases_eb_rate")
	if a.Zh != "24个月内立案6件，经平滑后为全市平均水平的2.4倍" || a.En != "6 cases in 24 months, 2.4× the city rate after smoothing" {
		t.Errorf("reason %q / %q", a.Zh, a.En)
	}
	for _, id := range []string{"cases_eb_rate", "cases_funnel_z"} {
		for _, unit := range []string{"N", "T1"} {
			v := indicatorOf(t, r, unit, id)
			if !v.Abstains() || !math.IsNaN(v.Value) || !strings.Contains(v.Abstain, "no staff") {
				t.Errorf("%s %s: want abstention for missing staff, got %+v", unit, id, v)
			}
		}
	}
}

// TestReportsAndLeads: reports per population over 12 months, smoothed the
// same way; key leads open at the as-of date.
func TestReportsAndLeads(t *testing.T) {
	f := newFixture(t)
	f.city()
	f.unit("A", "village", "D1", 5, 1000)
	f.unit("B", "village", "D1", 5, 3000)
	f.unit("S", "station", "D1", 8, nil)
	rep := func(id, unit, day, cat string) []any { return []any{id, unit, day, cat} }
	f.insert("reports", "report_id, unit_id, received_on, category",
		rep("r1", "A", "2016-06-01", "accusation"), // 2016-06-01 is inside (2016-05-31, 2017-05-31]
		rep("r2", "A", "2017-01-01", "accusation"),
		rep("r3", "A", "2017-01-02", "accusation"),
		rep("r4", "A", "2017-01-03", "complaint"),  // not an accusation
		rep("r5", "A", "2016-05-31", "accusation"), // outside
		rep("r6", "B", "2017-02-01", "accusation"),
		rep("r7", "S", "2017-02-01", "accusation"),
	)
	lead := func(id, unit, recv string, key bool, status string, closed any) []any {
		return []any{id, unit, recv, key, status, closed}
	}
	f.insert("leads", "lead_id, unit_id, received_on, key_lead, status, closed_on",
		lead("l1", "A", "2016-01-01", true, "open", nil),
		lead("l2", "A", "2016-12-01", true, "closed", "2017-07-01"), // closed after the as-of date: open then
		lead("l3", "A", "2016-12-01", true, "closed", "2017-05-01"), // closed before
		lead("l4", "A", "2016-12-01", false, "open", nil),           // not a key lead
		lead("l5", "A", "2017-06-01", true, "open", nil),            // received after
		lead("l6", "B", "2017-01-01", true, "closed", nil),          // closed, no date
	)
	r := computeAt(t, f, "2017-05-31", DefaultConfig())

	// Reports: e = 3, 1 over b = 1000, 3000 resident-years; m = 4/4000 =
	// 0.001; rates 0.003, 0.000333; v = (1000·0.002² + 3000·0.000667²)/4000
	// − 0.001/2000 = 0.0000013333 − 0.0000005 = 8.3333e−7; w_A = v/(v +
	// 1e−6) = 0.454545, smoothed 0.454545·0.003 + 0.545455·0.001 =
	// 0.0019091 ⇒ RR 1.909091; w_B = v/(v + 3.333e−7) = 0.714286, smoothed
	// 0.714286·0.000333 + 0.285714·0.001 = 0.00052381 ⇒ RR 0.523810.
	for _, tt := range []struct {
		unit   string
		rr, ex float64
	}{{"A", 1.909091, 1}, {"B", 0.523810, 3}} {
		v := indicatorOf(t, r, tt.unit, "reports_eb_rate")
		if !near(v.Value, tt.rr, 1e-5) || !near(v.Expected, tt.ex, 1e-9) {
			t.Errorf("%s reports_eb_rate %v (expected %v), want %v (%v)", tt.unit, v.Value, v.Expected, tt.rr, tt.ex)
		}
	}
	if v := indicatorOf(t, r, "S", "reports_eb_rate"); !v.Abstains() || !strings.Contains(v.Abstain, "population") {
		t.Errorf("station without population: %+v", v)
	}

	// Leads: A has l1 and l2 open at 2017-05-31, B none, S none: city mean
	// 2/3 per unit; A's oldest (2016-01-01) has waited 16 months.
	v := indicatorOf(t, r, "A", "leads_open_key")
	if v.Observed != 2 || !near(v.Expected, 2.0/3, 1e-12) || v.Value <= 0 {
		t.Errorf("A leads_open_key %+v", v)
	}
	if !strings.Contains(v.En, "2 key leads still open at 2017-05-31") || !strings.Contains(v.En, "16 months") {
		t.Errorf("A leads reason %q", v.En)
	}
	if v := indicatorOf(t, r, "B", "leads_open_key"); v.Abstains() || v.Observed != 0 || v.Value >= 0 {
		t.Errorf("B leads_open_key: a real 0 below the mean, got %+v", v)
	}
}

// paymentsFixture: village P with 400 payments in the window, village Q with
// 400, village R with 20 (below the minimum of 30), planted patterns in P.
func paymentsFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.city()
	f.unit("P", "village", "D1", 5, 1000)
	f.unit("Q", "village", "D1", 5, 1000)
	f.unit("R", "village", "D1", 5, 1000)
	// Amounts spread log-uniformly (close to Benford) for Q; P's are all in
	// the 30s (far from Benford). Q's stay under 1,000 yuan.
	f.exec(`INSERT INTO payments (payment_id, unit_id, program, payee_id, amount_yuan, paid_on, _batch, _row)
		SELECT 'q' || i, 'Q', 'dibao', 'q' || (i % 200), round(pow(10, 1 + 2 * ((i * 0.6180339887) % 1)), 2),
		       DATE '2017-05-01' - (i % 700)::INTEGER, 1, i
		FROM range(400) t(i)`)
	f.exec(`INSERT INTO payments (payment_id, unit_id, program, payee_id, amount_yuan, paid_on, _batch, _row)
		SELECT 'p' || i, 'P', 'dibao', 'p' || i, 30 + (i % 10) + 0.5,
		       DATE '2017-05-01' - (i % 700)::INTEGER, 1, 1000 + i
		FROM range(400) t(i)`)
	f.exec(`INSERT INTO payments (payment_id, unit_id, program, payee_id, amount_yuan, paid_on, _batch, _row)
		SELECT 'r' || i, 'R', 'dibao', 'r' || i, 500, DATE '2017-01-01', 1, 2000 + i
		FROM range(20) t(i)`)
	// P: payee p0 died 2016-01-01 and was paid after (the payment is dated
	// 2017-05-01 - 0 days); p1 is a public employee since 2010; p2, p3 are
	// relatives of a P cadre (p4 is a relative of a Q cadre: not counted
	// for P).
	f.insert("registers", "register, person_id, since",
		[]any{"deceased", "p0", "2016-01-01"},
		[]any{"deceased", "p10", "2017-06-01"}, // died after its payment: fine
		[]any{"public_employee", "p1", "2010-01-01"},
	)
	f.insert("relations", "person_id, related_id, relation, unit_id",
		[]any{"cadreP", "p2", "spouse", "P"},
		[]any{"cadreP", "p3", "child", "P"},
		[]any{"cadreQ", "p4", "child", "Q"},
	)
	// P: two duplicates (p5 paid three times in April 2017 for dibao), and
	// four amounts just under the 5,000 limit, two round amounts.
	f.insert("payments", "payment_id, unit_id, program, payee_id, amount_yuan, paid_on",
		[]any{"d1", "P", "dibao", "p5", 31.5, "2017-04-02"},
		[]any{"d2", "P", "dibao", "p5", 31.5, "2017-04-03"},
		[]any{"s1", "P", "relief", "x1", 4990, "2017-03-01"},
		[]any{"s2", "P", "relief", "x2", 4800, "2017-03-01"},
		[]any{"s3", "P", "relief", "x3", 4500, "2017-03-01"},
		[]any{"s4", "P", "relief", "x4", 4999.99, "2017-03-01"},
		[]any{"s5", "P", "relief", "x5", 5000, "2017-03-01"}, // at the limit: not split
	)
	return f
}

func TestPaymentIndicators(t *testing.T) {
	f := paymentsFixture(t)
	r := computeAt(t, f, "2017-05-31", DefaultConfig())
	cases := []struct {
		unit, id string
		observed float64
		positive bool
	}{
		{"P", "payments_register_match", 2, true},
		{"Q", "payments_register_match", 0, false},
		{"P", "payments_relatives", 2, true},
		{"P", "payments_duplicate", 2, true},
		{"P", "payments_split", 4, true},
	}
	for _, tt := range cases {
		v := indicatorOf(t, r, tt.unit, tt.id)
		if v.Abstains() || v.Observed != tt.observed || (v.Value > 0) != tt.positive {
			t.Errorf("%s %s: %+v, want observed %v, positive %v", tt.unit, tt.id, v, tt.observed, tt.positive)
		}
	}
	// Expected counts: per programme, the city share times the unit's
	// payments of the programme, over the units that reach the minimum: P
	// pays 402 dibao and 5 relief, Q 400 dibao; both matches are dibao, so
	// P expects 402 × 2/802 (+ 5 × 0/5).
	if v := indicatorOf(t, r, "P", "payments_register_match"); !near(v.Expected, 2.0/802*402, 1e-9) {
		t.Errorf("P register expected %v", v.Expected)
	}
	// R has 20 payments: every payment indicator abstains.
	for _, id := range []string{"payments_register_match", "payments_relatives", "payments_duplicate",
		"payments_split", "payments_round", "payments_benford_mad"} {
		if v := indicatorOf(t, r, "R", id); !v.Abstains() || !math.IsNaN(v.Value) {
			t.Errorf("R %s: want abstention below the minimum, got %+v", id, v)
		}
	}
	// Benford: P's amounts all start 30..39, Q's are near Benford.
	p, q := indicatorOf(t, r, "P", "payments_benford_mad"), indicatorOf(t, r, "Q", "payments_benford_mad")
	if p.Abstains() || q.Abstains() || !(p.Value > 3*q.Value) {
		t.Errorf("benford: P %+v, Q %+v", p, q)
	}
	// With the minimum raised above 400 the digit test abstains for both.
	cfg := DefaultConfig()
	cfg.Minimums.BenfordPayments = 500
	r2 := computeAt(t, f, "2017-05-31", cfg)
	if v := indicatorOf(t, r2, "Q", "payments_benford_mad"); !v.Abstains() || !strings.Contains(v.Abstain, "500") {
		t.Errorf("benford below 500: %+v", v)
	}
}

// TestAssetIndicators: lease prices against the district, bidding, terms
// and approval.
func TestAssetIndicators(t *testing.T) {
	f := newFixture(t)
	f.city()
	for i := 0; i < 6; i++ {
		f.unit(fmt.Sprintf("V%d", i), "village", "D1", 5, 1000)
	}
	f.unit("L", "village", "D1", 5, 1000)
	f.unit("E", "village", "D1", 5, 1000) // no leases
	lease := func(id, unit string, amount, area, term any, bidding any) []any {
		return []any{id, unit, "resources", "lease", amount, "2016-06-01", area, term, bidding, true}
	}
	var rows [][]any
	// V0..V5: two leases each at 1,000 yuan per mu per year ± a little
	// (amount = the yearly rent), by public bidding; L: two leases at 300
	// (30% of the going price), one of them without bidding and for 50
	// years, and an expense it did not get approved.
	for i := 0; i < 6; i++ {
		u := fmt.Sprintf("V%d", i)
		rows = append(rows,
			lease(u+"a", u, 10*(1000+float64(10*i)), 10.0, 10.0, true),
			lease(u+"b", u, 20*(1000-float64(10*i)), 20.0, nil, true))
	}
	rows = append(rows, lease("La", "L", 300*10, 10.0, 5.0, true), lease("Lb", "L", 300*10, 10.0, 50.0, false),
		[]any{"Lc", "L", "funds", "expense", 800, "2016-07-01", nil, nil, nil, false})
	f.insert("assets", "txn_id, unit_id, category, kind, amount_yuan, txn_on, area_mu, term_years, public_bidding, approved", rows...)
	r := computeAt(t, f, "2017-05-31", DefaultConfig())

	l := indicatorOf(t, r, "L", "assets_lease_price_z")
	if l.Abstains() || l.Value > -3 || !near(l.Observed, 300, 1e-9) {
		t.Errorf("L lease price: %+v", l)
	}
	if !strings.Contains(l.En, "2 leases in 24 months at a median 300 yuan per mu per year") {
		t.Errorf("L reason %q", l.En)
	}
	// La was let by public bidding and approved: its low price is the
	// market's, so only Lb counts as far below.
	if v := indicatorOf(t, r, "L", "assets_lease_below"); v.Observed != 1 || v.Value <= 0 ||
		!strings.Contains(v.En, "1 of 2 leases in 24 months far below leases of their size in the district") {
		t.Errorf("L lease below: %+v", v)
	}
	for i := 0; i < 6; i++ {
		u := fmt.Sprintf("V%d", i)
		if v := indicatorOf(t, r, u, "assets_lease_price_z"); v.Abstains() || math.Abs(v.Value) > 1.5 {
			t.Errorf("%s lease price: %+v", u, v)
		}
		if v := indicatorOf(t, r, u, "assets_lease_below"); v.Abstains() || v.Observed != 0 {
			t.Errorf("%s lease below: %+v", u, v)
		}
	}
	for _, id := range []string{"assets_lease_price_z", "assets_lease_below"} {
		if v := indicatorOf(t, r, "E", id); !v.Abstains() || !strings.Contains(v.Abstain, "no lease") {
			t.Errorf("E %s without leases: %+v", id, v)
		}
	}
	checks := []struct{ id, reason string }{
		{"assets_no_bidding", "1 of 2 leases and contracts in 24 months without public bidding"},
		{"assets_long_term", "1 of 2 leases and contracts in 24 months run over 30 years"},
		{"assets_unapproved", "1 of 3 collective transactions in 24 months not approved"},
	}
	for _, c := range checks {
		v := indicatorOf(t, r, "L", c.id)
		if v.Abstains() || v.Observed != 1 || v.Value <= 0 || !strings.Contains(v.En, c.reason) {
			t.Errorf("L %s: %+v", c.id, v)
		}
		if v := indicatorOf(t, r, "E", c.id); !v.Abstains() {
			t.Errorf("E %s: %+v", c.id, v)
		}
	}

	// Peers are leases of the same size class: a 300-mu lease let at 400 a
	// mu (a company's bulk lease) is compared with large leases — here,
	// with the city's large leases, too few in the district — not with the
	// small plots at 1,000.
	f.insert("assets", "txn_id, unit_id, category, kind, amount_yuan, txn_on, area_mu, term_years, public_bidding, approved",
		lease("Ba", "E", 400*300, 300.0, 20.0, true))
	for i := 0; i < 9; i++ {
		u := fmt.Sprintf("V%d", i%6)
		f.insert("assets", "txn_id, unit_id, category, kind, amount_yuan, txn_on, area_mu, term_years, public_bidding, approved",
			lease(fmt.Sprintf("B%d", i), u, (380+float64(5*i))*250, 250.0, 20.0, true))
	}
	rb := computeAt(t, f, "2017-05-31", DefaultConfig())
	if v := indicatorOf(t, rb, "E", "assets_lease_below"); v.Abstains() || v.Observed != 0 {
		t.Errorf("E's bulk lease against large leases: %+v", v)
	}
	f.exec(`DELETE FROM assets WHERE txn_id LIKE 'B%'`)

	// With lease_amount = "total" the amount is the whole contract: L's
	// second lease (50 years) falls to 6 yuan per mu a year, V's first
	// leases to 100; the leases without a term stay yearly rents.
	cfg := DefaultConfig()
	cfg.Assets.LeaseAmount = LeaseTotal
	r = computeAt(t, f, "2017-05-31", cfg)
	if v := indicatorOf(t, r, "L", "assets_lease_price_z"); !near(v.Observed, (60+6)/2.0, 1e-9) {
		t.Errorf("total: L median price %v, want 33", v.Observed)
	}
}

// TestTrend: 8 cases in the last 12 months against 1 before.
func TestTrend(t *testing.T) {
	f := newFixture(t)
	f.city()
	f.unit("A", "village", "D1", 5, 1000)
	f.unit("B", "village", "D1", 5, 1000)
	f.cases("A", 8, "2017-01-01", "other")
	f.cases("A", 1, "2016-01-01", "other")
	f.cases("B", 2, "2017-01-01", "other")
	r := computeAt(t, f, "2017-05-31", DefaultConfig())
	// poisson.test(c(8, 1), c(1, 1)): binom.test(8, 9, 0.5), two-sided
	// p = 2·(9 + 1)/512 = 0.0390625; z = Φ⁻¹(1 − p/2) = 2.063.
	v := indicatorOf(t, r, "A", "trend_cases")
	if !near(v.Value, 2.0630, 1e-3) || !strings.Contains(v.En, "8 cases in the last 12 months against 1") {
		t.Errorf("A trend %+v", v)
	}
	if v := indicatorOf(t, r, "B", "trend_cases"); !v.Abstains() {
		t.Errorf("B trend with 2 cases: %+v", v)
	}
}
