package risk

import (
	"bytes"
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func fixedClock() time.Time { return time.Date(2017, 6, 2, 9, 30, 0, 0, time.UTC) }

func TestScoreStoresRun(t *testing.T) {
	f := casesFixture(t)
	ctx := context.Background()
	opt := Options{AsOf: date("2017-05-31"), Config: DefaultConfig(), Now: fixedClock, Version: "test"}
	run, err := Score(ctx, f.db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(run.ID, "20170531-") || len(run.ID) != len("20170531-")+8 {
		t.Errorf("run id %q", run.ID)
	}
	var asOf time.Time
	var created time.Time
	var cfgText, version, batches string
	if err := f.db.QueryRow(`SELECT as_of, created_at, config, version, batches FROM runs WHERE run_id = ?`, run.ID).
		Scan(&asOf, &created, &cfgText, &version, &batches); err != nil {
		t.Fatal(err)
	}
	if !asOf.Equal(date("2017-05-31")) || !created.Equal(fixedClock()) || version != "test" || batches != "[1]" {
		t.Errorf("runs row: %v %v %q %q", asOf, created, version, batches)
	}
	back, err := DecodeConfig(cfgText)
	if err != nil || len(back.Tours.Teams) != 11 {
		t.Errorf("stored config does not read back: %v", err)
	}

	// One indicators row per unit and indicator; abstentions are NULL with
	// a reason and no contribution.
	var n, nullAbst, badNull int
	f.db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE abstain IS NOT NULL),
		count(*) FILTER (WHERE (value IS NULL) <> (abstain IS NOT NULL) OR (abstain IS NOT NULL AND contribution IS NOT NULL))
		FROM indicators WHERE run_id = ?`, run.ID).Scan(&n, &nullAbst, &badNull)
	if n != 5*len(Catalogue) || nullAbst == 0 || badNull != 0 {
		t.Errorf("indicators: %d rows (want %d), %d abstaining, %d inconsistent", n, 5*len(Catalogue), nullAbst, badNull)
	}
	var v, obs, ex float64
	f.db.QueryRow(`SELECT value, observed, expected FROM indicators WHERE run_id = ? AND unit_id = 'A' AND indicator = 'cases_eb_rate'`, run.ID).
		Scan(&v, &obs, &ex)
	want := indicatorOf(t, &run.Result, "A", "cases_eb_rate")
	if !near(v, want.Value, 1e-12) || obs != 6 || !near(ex, want.Expected, 1e-12) {
		t.Errorf("A cases_eb_rate stored as %v (%v/%v)", v, obs, ex)
	}
	// Scores: ranks 1..5, A riskiest, reasons newline-separated; the sum of
	// contributions is the composite that ordered them.
	rows, err := f.db.Query(`SELECT s.unit_id, s.rank, s.score, s.band, s.reasons_en, sum(i.contribution)
		FROM scores s JOIN indicators i USING (run_id, unit_id) WHERE run_id = ? GROUP BY ALL ORDER BY rank`, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var prev = math.Inf(1)
	rank := 0
	for rows.Next() {
		var id, band, reasons string
		var rk int
		var score, sum float64
		if err := rows.Scan(&id, &rk, &score, &band, &reasons, &sum); err != nil {
			t.Fatal(err)
		}
		rank++
		if rk != rank || sum > prev+1e-12 || score < 0 || score > 100 {
			t.Errorf("rank %d: %s rank %d score %v composite %v after %v", rank, id, rk, score, sum, prev)
		}
		prev = sum
		if rank == 1 && (id != "A" || score != 100 || !strings.Contains(reasons, "6 cases in 24 months")) {
			t.Errorf("riskiest: %s %v %q", id, score, reasons)
		}
	}
	if rank != 5 {
		t.Errorf("%d scores", rank)
	}

	// The same inputs again get the same hash with a counter.
	run2, err := Score(ctx, f.db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if run2.ID != run.ID+"-2" {
		t.Errorf("second run id %q, want %q", run2.ID, run.ID+"-2")
	}
	// Another configuration gets another hash.
	opt.Config.Weights["cases_eb_rate"] = 2
	run3, err := Score(ctx, f.db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if run3.ID[:17] == run.ID[:17] {
		t.Errorf("changed config kept the id %q", run3.ID)
	}
}

// TestScoreRollsBack: a failure while writing leaves no trace of the run.
func TestScoreRollsBack(t *testing.T) {
	f := casesFixture(t)
	// Valid data cannot make a scores row fail, so the scores table is
	// renamed away: the scores Appender then fails after the runs row and
	// the indicators have been written, and all of it must roll back.
	f.exec(`ALTER TABLE scores RENAME TO scores_gone`)
	_, err := Score(context.Background(), f.db, Options{AsOf: date("2017-05-31"), Config: DefaultConfig(), Now: fixedClock})
	if err == nil {
		t.Fatal("want an error without a scores table")
	}
	var runs, inds int
	f.db.QueryRow(`SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM indicators)`).Scan(&runs, &inds)
	if runs != 0 || inds != 0 {
		t.Errorf("after a failed run: %d runs, %d indicators rows", runs, inds)
	}
}

// TestHostileText: unit names and ids with markup, quotes and SQL never
// reach a reason (reasons state figures only), and do not break scoring.
func TestHostileText(t *testing.T) {
	f := newFixture(t)
	f.city()
	evil := `<script>alert(1)</script>'; DROP TABLE scores; --`
	f.insert("units", "unit_id, name, level, parent_id, staff, population",
		[]any{evil, evil, "village", "D1", int64(5), int64(1000)},
		[]any{"B", "\u202eB\x00", "village", "D1", int64(5), int64(1000)},
	)
	f.cases(evil, 4, "2017-01-01", "benefits")
	run, err := Score(context.Background(), f.db, Options{AsOf: date("2017-05-31"), Config: DefaultConfig(), Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range run.Units {
		for _, s := range append(u.ReasonsZh, u.ReasonsEn...) {
			if strings.ContainsAny(s, "<>'\x00\u202e") || strings.Contains(s, "DROP") {
				t.Errorf("%q: reason carries input text: %q", u.UnitID, s)
			}
		}
	}
	var n int
	f.db.QueryRow(`SELECT count(*) FROM scores WHERE unit_id = ?`, evil).Scan(&n)
	if n != 1 {
		t.Errorf("hostile unit id stored %d times", n)
	}
}

func TestConfigDefaultsValidate(t *testing.T) {
	c := DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, ind := range Catalogue {
		if _, ok := c.Weights[ind.ID]; !ok {
			t.Errorf("no default weight for %s", ind.ID)
		}
	}
	if err := checkCatalogue(Catalogue); err != nil {
		t.Error(err)
	}
}

func TestConfigErrorsNameTheField(t *testing.T) {
	tests := []struct{ toml, field string }{
		{"[tours]\nteams = 0\n", "tours.teams"},
		{"[payments]\nsplit_band = 1.5\n", "payments.split_band"},
		{"[weights]\ncases_eb_rate = -1\n", "weights.cases_eb_rate"},
		{"[weights]\nno_such_indicator = 1\n", "weights.no_such_indicator"},
		{"[tours]\nteamz = 3\n", "tours.teamz"},
		{"[tours]\nteams = \"eleven\"\n", "tours.teams"},
		{"[composite]\nhigh_share = 0.6\nelevated_share = 0.6\n", "composite.elevated_share"},
		{"[reminders]\ncoverage = 99.8\n", "reminders.coverage"},
	}
	for _, tt := range tests {
		_, err := DecodeConfig(tt.toml)
		if err == nil || !strings.Contains(err.Error(), tt.field) {
			t.Errorf("%q: error %v, want one naming %s", tt.toml, err, tt.field)
		}
	}
}

// TestConfigRoundTrip: the printed TOML reads back to the same
// configuration, with overrides kept and comments on every key.
func TestConfigRoundTrip(t *testing.T) {
	c, err := DecodeConfig("[tours]\nteams = [{ name = \"甲组\", home = \"510104\", units = 25 }]\nrounds = [{ name = \"一\", starts = 2017-07-03, ends = 2017-08-11 }]\n[owners.overrides]\n\"510104001\" = \"某监督室\"\n[weights]\npayments_round = 0\ncases_eb_rate = 1.25\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Tours.Teams) != 1 || c.Tours.Teams[0].Units != 25 || len(c.Tours.Rounds) != 1 || c.Owners.Overrides["510104001"] != "某监督室" ||
		c.Weights["payments_round"] != 0 || c.Weights["cases_funnel_z"] != 0.5 {
		t.Fatalf("overrides not applied: %+v", c.Tours)
	}
	for _, cfg := range []Config{DefaultConfig(), c} {
		var b bytes.Buffer
		if err := WriteTOML(&b, cfg); err != nil {
			t.Fatal(err)
		}
		back, err := DecodeConfig(b.String())
		if err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		var b2 bytes.Buffer
		WriteTOML(&b2, back)
		if b.String() != b2.String() {
			t.Errorf("round trip changed the file:\n%s\n---\n%s", b.String(), b2.String())
		}
		if !configEqual(cfg, back) {
			t.Errorf("round trip changed the config")
		}
		lines := strings.Split(b.String(), "\n")
		for i, line := range lines {
			if strings.Contains(line, " = ") && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, " ") && !strings.HasPrefix(lines[i-1], "#") {
				t.Errorf("key line %q has no comment above it", line)
			}
		}
	}
}

// configEqual compares two configurations field by field.
func configEqual(a, b Config) bool { return reflect.DeepEqual(a, b) }

// TestInsufficientData: scored far past the data (as-of 2030), the
// payments ledger holds rows but none in the window, so every payment
// indicator abstains for every unit and, with the case and lead
// indicators' windows empty too, more than half of the live indicators
// abstain: every unit is banded insufficient, scored 0 and says why,
// rather than ranked on the few indicators left (the leads' backlog).
func TestInsufficientData(t *testing.T) {
	f := casesFixture(t)
	f.exec(`INSERT INTO payments (payment_id, unit_id, program, payee_id, amount_yuan, paid_on, _batch, _row)
		SELECT 'old' || i, 'A', 'dibao', 'p' || i, 300, DATE '2016-06-01', 1, i FROM range(100) t(i)`)
	f.insert("leads", "lead_id, unit_id, received_on, key_lead, status", []any{"l1", "B", "2016-01-01", true, "open"})
	r := computeAt(t, f, "2030-01-01", DefaultConfig())
	for _, u := range r.Units {
		if u.Band != BandInsufficient || u.Score != 0 || !strings.HasPrefix(u.ReasonsEn[0], "insufficient data:") {
			t.Errorf("%s: band %s, score %v, reasons %q", u.UnitID, u.Band, u.Score, u.ReasonsEn)
		}
	}
	// At the data's own date A, with its payments in the window, has
	// enough data.
	r = computeAt(t, f, "2017-05-31", DefaultConfig())
	for _, u := range r.Units {
		if u.UnitID == "A" && u.Band == BandInsufficient {
			t.Errorf("A at 2017-05-31: insufficient (%q)", u.ReasonsEn)
		}
	}
}
