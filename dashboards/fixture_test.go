package dashboards

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/microrisk/microrisk/model"
)

// Hostile unit names: each must reach the pages only as inert text.
const (
	evilScript = `<script>alert(1)</script>`
	evilFunc   = `__f__function(){alert(1)}__f__`
	evilAttr   = `"><img src=x onerror=alert(1)>`
	evilCSV    = `=cmd|' /C calc'!A0`
)

// The fixture's expected headline for run r2 (as of 2017-05-31, period
// 2016-01-01..2017-05-31), worked out by hand from the rows below.
var wantR2 = headline{
	CasesFiled:         7, // c2 c3 c4 c5 c7 c8 c9; c1 is before, c6 after
	PeoplePunished:     9, // 2+1+3+1+2+0+NULL
	LeadersAccountable: 5, // 1+0+1+0+1+0+2
	CasesExposed:       4, // c2 c4 c7 c9
	LeaderTalks:        3, // a1; a2 is after, a5 has no persons
	PeopleAccountable:  2, // a3; a4 is before
	KeyLeads:           2, // l1 l4
	AccusationYear:     2016,
	AccusationCur:      7,
	AccusationPrev:     8, // −12.5%
	SatisfactionPeriod: "2016",
}

// fixtureSQL builds a small city: two districts, a township each, villages
// and a station, named with the hostile strings, and two runs.
func fixtureSQL() []string {
	s := []string{
		`INSERT INTO units (unit_id, name, level, parent_id, kind, population, staff, _batch, _row) VALUES
 ('C0', '成都市', 'city', NULL, 'other', 16000000, 900, 1, 1),
 ('D1', '` + sqlQuote(evilScript) + `', 'district', 'C0', 'other', 500000, 100, 1, 2),
 ('D2', '锦江区', 'district', 'C0', 'other', 400000, 50, 1, 3),
 ('T1', '东城街道', 'township', 'D1', 'street', 60000, 40, 1, 4),
 ('T2', '` + sqlQuote(evilAttr) + `', 'township', 'D2', 'township', 50000, 60, 1, 5),
 ('V1', '` + sqlQuote(evilFunc) + `', 'village', 'T1', 'village', 3000, 10, 1, 6),
 ('V2', '` + sqlQuote(evilCSV) + `', 'village', 'T2', 'community', 2500, 8, 1, 7),
 ('S1', '东城食药监所', 'station', 'T1', 'station', NULL, 12, 1, 8),
 ('V3', '无数据村', 'village', 'T1', 'village', 800, 4, 1, 9)`,
		`INSERT INTO cases (case_id, unit_id, filed_on, domain, sanctioned, leaders_accountable, exposed, _batch, _row) VALUES
 ('c1', 'V1', DATE '2015-12-31', 'land', 1, 0, true, 2, 1),
 ('c2', 'V1', DATE '2016-01-01', 'land', 2, 1, true, 2, 2),
 ('c3', 'T1', DATE '2016-06-15', 'law_enforcement', 1, 0, false, 2, 3),
 ('c4', 'S1', DATE '2016-06-20', 'food_safety', 3, 1, true, 2, 4),
 ('c5', 'V2', DATE '2017-05-31', 'benefits', 1, 0, false, 2, 5),
 ('c6', 'V2', DATE '2017-06-01', 'benefits', 5, 5, true, 2, 6),
 ('c7', 'T2', DATE '2017-03-03', NULL, 2, 1, true, 2, 7),
 ('c8', 'D2', DATE '2016-09-09', 'education', 0, 0, false, 2, 8),
 ('c9', 'V1', DATE '2017-01-10', 'poverty_relief', NULL, 2, true, 2, 9)`,
		`INSERT INTO actions (action_id, unit_id, kind, taken_on, persons, _batch, _row) VALUES
 ('a1', 'T1', 'talk', DATE '2016-03-01', 3, 3, 1),
 ('a2', 'T1', 'talk', DATE '2017-06-02', 10, 3, 2),
 ('a3', 'V1', 'accountability', DATE '2016-07-01', 2, 3, 3),
 ('a4', 'V1', 'accountability', DATE '2015-11-01', 7, 3, 4),
 ('a5', 'V2', 'talk', DATE '2017-05-31', NULL, 3, 5),
 ('a6', 'V2', 'warning_letter', DATE '2016-05-31', 4, 3, 6)`,
		`INSERT INTO leads (lead_id, unit_id, received_on, key_lead, status, _batch, _row) VALUES
 ('l1', 'V1', DATE '2016-02-01', true, 'open', 4, 1),
 ('l2', 'V1', DATE '2015-12-31', true, 'closed', 4, 2),
 ('l3', 'T2', DATE '2016-03-01', false, 'open', 4, 3),
 ('l4', 'S1', DATE '2017-05-30', true, 'open', 4, 4)`,
		// Accusation-type reports: 8 in 2015 and 7 in 2016 at or below
		// township level; the rest must not count.
		`INSERT INTO reports (report_id, unit_id, received_on, category, _batch, _row)
 SELECT 'p15-' || i, 'V1', DATE '2015-03-01' + i::INTEGER, 'accusation', 5, i FROM range(8) t(i)`,
		`INSERT INTO reports (report_id, unit_id, received_on, category, _batch, _row)
 SELECT 'p16-' || i, 'T2', DATE '2016-12-01' + i::INTEGER, 'accusation', 5, 100 + i FROM range(7) t(i)`,
		`INSERT INTO reports (report_id, unit_id, received_on, category, _batch, _row) VALUES
 ('x1', 'D2', DATE '2016-04-01', 'accusation', 5, 201),
 ('x2', 'V1', DATE '2016-04-01', 'complaint', 5, 202),
 ('x3', 'V1', DATE '2017-01-02', 'accusation', 5, 203),
 ('x4', 'C0', DATE '2015-01-02', 'accusation', 5, 204)`,
		`INSERT INTO surveys (unit_id, period, "index", respondents, _batch, _row) VALUES
 ('C0', '2016', 85.42, 5000, 6, 1),
 ('C0', '2015', 83.10, 5000, 6, 2),
 ('T1', '2016', 80, 100, 6, 3),
 ('T2', '2016', 90, 300, 6, 4)`,
		`INSERT INTO runs VALUES
 ('r1', DATE '2016-12-31', TIMESTAMP '2017-01-05 09:00:00', '', 'test', '[1,2]'),
 ('r2', DATE '2017-05-31', TIMESTAMP '2017-06-02 09:00:00', '', 'test', '[1,2,3]')`,
		`INSERT INTO scores (run_id, unit_id, score, rank, band, reasons_zh, reasons_en) VALUES
 ('r2', 'V1', 90, 1, 'high', '24个月内立案12件，为全市水平的6.0倍` + "\n" + `重点线索1条未办结', '12 cases in 24 months, 6.0× the city rate` + "\n" + `1 key lead open'),
 ('r2', 'T1', 80, 2, 'high', '` + sqlQuote(evilScript) + `', '` + sqlQuote(evilAttr) + `'),
 ('r2', 'T2', 60, 3, 'elevated', '检控类举报偏多', 'many accusations'),
 ('r2', 'V2', 50, 4, 'elevated', '三资租赁价格偏低', 'lease prices low'),
 ('r2', 'S1', 30, 5, 'normal', '', ''),
 ('r2', 'V3', 29, 6, 'normal', '', ''),
 ('r1', 'T1', 70, 1, 'high', '旧', 'old')`,
		`INSERT INTO indicators (run_id, unit_id, indicator, value, observed, expected) VALUES
 ('r2', 'V1', 'cases_funnel_z', 4.1, 12, 2.0),
 ('r2', 'T1', 'cases_funnel_z', -0.2, 3, 3.5),
 ('r2', 'S1', 'cases_funnel_z', -0.1, 1, 1.2),
 ('r2', 'T2', 'cases_funnel_z', 0.5, 5, 4.0),
 ('r2', 'V2', 'cases_funnel_z', -0.8, 0, 0.8),
 ('r2', 'V2', 'staff_rate', 1.0, 1, 1)`,
		`INSERT INTO targets (run_id, kind, unit_id, round, team, seq, forced, reason_zh, reason_en) VALUES
 ('r2', 'tour', 'V1', 1, 1, 1, false, '风险分90', 'score 90'),
 ('r2', 'tour', 'T2', 1, 1, 2, true, '超过五年未巡察', 'not toured for five years'),
 ('r2', 'tour', 'V2', 1, 2, 1, false, '` + sqlQuote(evilCSV) + `', '` + sqlQuote(evilFunc) + `'),
 ('r2', 'reminder', 'V1', NULL, NULL, 1, false, '24个月内立案12件，预期2.0件，超出99.8%控制限', '12 cases in 24 months against 2.0 expected, above the 99.8% limit'),
 ('r2', 'reminder', 'S1', NULL, NULL, 2, false, '食品安全领域案件重复发生', 'cases repeat in food safety')`,
		`INSERT INTO family_scores VALUES
 ('r2', 'V1', 'cases', 3.1, 100), ('r2', 'V1', 'payments', 1.5, 100), ('r2', 'V1', 'assets', NULL, NULL),
 ('r2', 'T1', 'cases', 0.2, 50), ('r2', 'T2', 'cases', 0.4, 75), ('r2', 'V2', 'cases', -0.5, 0), ('r2', 'S1', 'cases', 0, 25)`,
		// Flags whose record ids and figures come from hostile ledgers.
		`INSERT INTO flags VALUES
 ('r2', 'V1', 'payments_duplicate', 'payments', '` + sqlQuote(evilScript) + `', DATE '2017-04-02', 31.5,
  '{"program": "` + sqlQuote(evilAttr) + `"}', '重复发放', 'duplicate', 6, 2),
 ('r2', 'V1', 'payments_duplicate', 'payments', 'd2', DATE '2017-04-03', 31.5, '{"program": "dibao"}', '重复发放', 'duplicate', 6, 3),
 ('r2', 'T2', 'assets_lease_below', 'assets', '` + sqlQuote(evilFunc) + `', DATE '2016-04-01', 5000,
  '{"price_per_mu": 120.5}', '远低于本区价格', 'far below', 7, 2)`,
		`INSERT INTO payments (payment_id, unit_id, program, payee_id, amount_yuan, paid_on, _batch, _row)
 SELECT 'pay' || i, 'V1', '` + sqlQuote(evilScript) + `', 'p' || (i % 50), round(pow(10, 1 + 2 * ((i * 0.6180339887) % 1)), 2),
        DATE '2017-05-01' - (i % 600)::INTEGER, 6, 10 + i
 FROM range(400) t(i)`,
		`INSERT INTO assets (txn_id, unit_id, category, kind, amount_yuan, txn_on, area_mu, term_years, _batch, _row) VALUES
 ('` + sqlQuote(evilAttr) + `', 'T2', 'resources', 'lease', 5000, DATE '2016-04-01', 41.5, 10, 7, 2),
 ('ls2', 'V1', 'resources', 'lease', 30000, DATE '2016-06-01', 30, 10, 7, 3),
 ('ls3', 'V2', 'resources', 'lease', 45000, DATE '2016-08-01', 50, 10, 7, 4)`,
		`INSERT INTO backtests VALUES ('bt-20160531-1', DATE '2016-05-31', 12, DATE '2017-05-31', false, TIMESTAMP '2017-06-02 10:00:00', 'test', '', 6, 3, 0.72, 0.65, 2, 2, 1, 1.0, 1, 1.0, 3, 1, 1, NULL)`,
		`INSERT INTO backtest_indicators VALUES ('bt-20160531-1', 'cases_eb_rate', 0.7), ('bt-20160531-1', 'family:cases', 0.68), ('bt-20160531-1', 'silent_unit', NULL)`,
		`INSERT INTO backtest_bands VALUES ('bt-20160531-1', 'high', 2, 2, 1.0), ('bt-20160531-1', 'normal', 4, 1, 0.25)`,
		`INSERT INTO batches VALUES
 (1, 'units', 'units.csv', NULL, 'aa', 100, 'UTF-8', 8, 8, 0, 0, TIMESTAMP '2017-06-01 08:00:00'),
 (2, 'cases', 'cases_2017-05.xlsx', 'Sheet1', 'bb', 200, NULL, 12, 9, 3, 0, TIMESTAMP '2017-06-01 08:01:00'),
 (3, 'payments', 'payments.csv', NULL, 'cc', 300, 'GB18030', 5, 4, 1, 0, TIMESTAMP '2017-06-01 08:02:00')`,
		`INSERT INTO rejects VALUES
 (2, 'cases', 'cases_2017-05.xlsx', 'Sheet1', 10, 'filed_on', '` + sqlQuote(evilScript) + `', 'unparseable date', NULL),
 (2, 'cases', 'cases_2017-05.xlsx', 'Sheet1', 4, 'filed_on', '2017-13-01', 'unparseable date', NULL),
 (2, 'cases', 'cases_2017-05.xlsx', 'Sheet1', 11, 'unit_id', 'V9', 'unknown unit', NULL),
 (3, 'payments', 'payments.csv', NULL, 3, 'payee_id', '110***********1234', 'invalid ID check digit', NULL),
 (3, 'payments', 'payments.csv', NULL, 2, 'account_no', '6222021234567890123', 'account shared with 11010119900307123X', NULL)`,
	}
	return s
}

func sqlQuote(s string) string {
	out := ""
	for _, r := range s {
		if r == '\'' {
			out += "''"
		} else {
			out += string(r)
		}
	}
	return out
}

// newFixtureDB returns an in-memory DuckDB with the schema and, unless
// empty, the fixture rows; extra statements run last.
func newFixtureDB(t testing.TB, empty bool, extra ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	stmts := model.SchemaSQL()
	if !empty {
		stmts = append(stmts, fixtureSQL()...)
	}
	for _, s := range append(stmts, extra...) {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("fixture: %v\n%s", err, s)
		}
	}
	return db
}

// writeFixture writes the reports of the fixture DB into a new directory
// and returns every file of the folder by its slash-separated path.
func writeFixture(t testing.TB, db *sql.DB, o Options) (Summary, map[string][]byte) {
	t.Helper()
	if o.OutDir == "" {
		o.OutDir = t.TempDir() + "/reports"
	}
	sum, err := Write(context.Background(), db, o)
	if err != nil {
		t.Fatalf("Write(%+v): %v", o, err)
	}
	if len(sum.Files) != len(pageNav) {
		t.Fatalf("Summary.Files = %v", sum.Files)
	}
	return sum, readFolder(t, o.OutDir)
}

// readFolder returns every file under dir by its slash-separated path.
func readFolder(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
