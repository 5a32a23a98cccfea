package dashboards

import (
	"context"
	"database/sql"
	"os"
	"testing"
)

// demoSQL fills a city of realistic size for looking at the pages: 22
// districts of 10 townships, each with 8 villages and 2 stations, about
// 2,000 cases in the period, a run with scores, the funnel indicator and
// targets. Values come from hash() of the ids, so the world is the same on
// every run and on every thread count.
var demoSQL = []string{
	`CREATE TEMP TABLE dnames AS SELECT * FROM (VALUES
 (1,'锦江区'),(2,'青羊区'),(3,'金牛区'),(4,'武侯区'),(5,'成华区'),(6,'龙泉驿区'),(7,'青白江区'),(8,'新都区'),
 (9,'温江区'),(10,'双流区'),(11,'郫都区'),(12,'新津区'),(13,'简阳市'),(14,'都江堰市'),(15,'彭州市'),(16,'邛崃市'),
 (17,'崇州市'),(18,'金堂县'),(19,'大邑县'),(20,'蒲江县'),(21,'天府新区'),(22,'高新区')) t(d, name)`,
	`INSERT INTO units (unit_id, name, level, parent_id, kind, population, staff, _batch, _row) VALUES ('C0', '成都市', 'city', NULL, 'other', 16000000, 5000, 1, 1)`,
	`INSERT INTO units (unit_id, name, level, parent_id, kind, population, staff, _batch, _row) SELECT printf('D%02d', d), name, 'district', 'C0', 'other', 600000, 120, 1, 1 + d FROM dnames`,
	`INSERT INTO units (unit_id, name, level, parent_id, kind, population, staff, _batch, _row) SELECT printf('D%02dT%02d', d, t), name || '第' || t || '街道', 'township', printf('D%02d', d),
   'street', 40000, 30 + hash(d, t) % 40, 1, 100 + d * 100 + t FROM dnames, range(1, 11) r(t)`,
	`INSERT INTO units (unit_id, name, level, parent_id, kind, population, staff, _batch, _row) SELECT printf('D%02dT%02dV%d', d, t, v), name || t || '街道' || v || '村', 'village', printf('D%02dT%02d', d, t),
   'village', 2500, 5 + hash(d, t, v) % 12, 1, 10000 + d * 1000 + t * 10 + v FROM dnames, range(1, 11) r(t), range(1, 9) s(v)`,
	`INSERT INTO units (unit_id, name, level, parent_id, kind, population, staff, _batch, _row) SELECT printf('D%02dT%02dS%d', d, t, v), name || t || (CASE v WHEN 1 THEN '食药监所' ELSE '国土所' END),
   'station', printf('D%02dT%02d', d, t), 'station', NULL, 8 + hash(d, t, v, 's') % 10, 1, 50000 + d * 1000 + t * 10 + v
   FROM dnames, range(1, 11) r(t), range(1, 3) s(v)`,
	// Cases: a base rate per staff, with a few "hot" units at six times it.
	`CREATE TEMP TABLE hot AS SELECT unit_id, (hash(unit_id, 'hot') % 60 = 0) AS hot FROM units WHERE level IN ('township', 'village', 'station')`,
	`INSERT INTO cases (case_id, unit_id, filed_on, domain, sanctioned, leaders_accountable, exposed, _batch, _row)
 SELECT 'k' || u.unit_id || '-' || i, u.unit_id,
        DATE '2015-06-01' + (hash(u.unit_id, i, 'd') % 730)::INTEGER,
        (['poverty_relief','benefits','special_funds','three_assets','land','law_enforcement','regulation','public_service',
          'inaction','education','health','food_safety','environment','other'])[1 + (hash(u.unit_id, i, 'dom') % 14)::INTEGER],
        (hash(u.unit_id, i, 's') % 3)::INTEGER, (hash(u.unit_id, i, 'l') % 10 = 0)::INTEGER,
        hash(u.unit_id, i, 'e') % 5 < 2, 2, 1
 FROM units u JOIN hot h USING (unit_id), range(0, 40) r(i)
 WHERE hash(u.unit_id, i, 'c') % 1000 < u.staff * (CASE WHEN h.hot THEN 6 ELSE 1 END)`,
	`INSERT INTO actions SELECT *, NULL FROM (SELECT 'a' || unit_id, unit_id, CASE WHEN hash(unit_id) % 3 = 0 THEN 'accountability' ELSE 'talk' END,
   DATE '2016-01-01' + (hash(unit_id, 't') % 500)::INTEGER, 1 + hash(unit_id, 'p') % 3, 3, 1
 FROM units WHERE level = 'township' OR hash(unit_id, 'act') % 10 = 0)`,
	`INSERT INTO leads (lead_id, unit_id, received_on, key_lead, status, _batch, _row)
 SELECT 'l' || unit_id, unit_id, DATE '2016-01-01' + (hash(unit_id, 'r') % 500)::INTEGER, hash(unit_id, 'k') % 4 = 0, 'open', 4, 1
 FROM units WHERE level <> 'city'`,
	`INSERT INTO reports (report_id, unit_id, received_on, category, _batch, _row)
 SELECT 'p' || unit_id || '-' || i, unit_id, DATE '2015-01-01' + (hash(unit_id, i) % 730)::INTEGER,
        CASE WHEN hash(unit_id, i, 'c') % 3 = 0 THEN 'complaint' ELSE 'accusation' END, 5, 1
 FROM units, range(0, 3) r(i) WHERE level IN ('township', 'village', 'station')`,
	`INSERT INTO surveys (unit_id, period, "index", respondents, _batch, _row) VALUES ('C0', '2016', 85.42, 12000, 6, 1)`,
	`INSERT INTO runs VALUES ('demo-run', DATE '2017-05-31', TIMESTAMP '2017-06-02 09:00:00', '', 'demo', '[1,2,3,4,5]')`,
	// The funnel: cases in 24 months against staff × the city rate.
	`CREATE TEMP TABLE obs AS
 SELECT u.unit_id, u.staff, count(c.case_id) AS o
 FROM units u LEFT JOIN cases c ON c.unit_id = u.unit_id AND c.filed_on > DATE '2015-05-31' AND c.filed_on <= DATE '2017-05-31'
 WHERE u.level IN ('township', 'village', 'station') GROUP BY ALL`,
	`INSERT INTO indicators (run_id, unit_id, indicator, value, observed, expected)
 SELECT 'demo-run', unit_id, 'cases_funnel_z', 0, o, staff * (SELECT sum(o) / sum(staff) FROM obs) FROM obs`,
	`INSERT INTO scores (run_id, unit_id, score, rank, band, reasons_zh, reasons_en)
 SELECT 'demo-run', unit_id, s, row_number() OVER (ORDER BY s DESC, unit_id),
        CASE WHEN s >= 80 THEN 'high' WHEN s >= 60 THEN 'elevated' ELSE 'normal' END,
        printf('24个月内立案%d件，预期%.1f件', o::INTEGER, e) || chr(10) || '重点线索未办结',
        printf('%d cases in 24 months, %.1f expected', o::INTEGER, e) || chr(10) || 'key leads open'
 FROM (SELECT i.unit_id, i.observed AS o, i.expected AS e,
              least(99.9, 100 * (1 - exp(-i.observed / (2 * i.expected))) + hash(i.unit_id) % 10) AS s
       FROM indicators i WHERE i.run_id = 'demo-run')`,
	`INSERT INTO targets (run_id, kind, unit_id, round, team, seq, forced, reason_zh, reason_en)
 SELECT 'demo-run', 'tour', unit_id, 1 + (rank - 1) // 20, 1 + (rank - 1) % 20 // 2, 1 + (rank - 1) % 2, rank % 7 = 0,
        '风险排名第' || rank || '位', 'rank ' || rank
 FROM scores WHERE run_id = 'demo-run' AND rank <= 40`,
	`INSERT INTO targets (run_id, kind, unit_id, round, team, seq, forced, reason_zh, reason_en)
 SELECT 'demo-run', 'reminder', unit_id, NULL, NULL, row_number() OVER (ORDER BY observed / expected DESC), false,
        printf('24个月内立案%d件，预期%.1f件，超出99.8%%控制限', observed::INTEGER, expected),
        printf('%d cases in 24 months against %.1f expected, above the 99.8%% limit', observed::INTEGER, expected)
 FROM indicators WHERE run_id = 'demo-run' AND observed >= 5 AND observed / expected > 2.5`,
	// Payments of four programmes for a tenth of the villages (a fixed
	// allowance, two spread ones, and one whose amounts bunch under the
	// approval limit), and leases priced around a district level.
	`INSERT INTO payments (payment_id, unit_id, program, payee_id, amount_yuan, paid_on, _batch, _row)
 SELECT 'pay' || u.unit_id || '-' || i, u.unit_id, (['gaoling', 'dibao', 'linshi', 'fupin'])[1 + i % 4], 'p' || hash(u.unit_id, i % 40),
        CASE i % 4 WHEN 0 THEN 100 WHEN 3 THEN 4500 + hash(u.unit_id, i) % 499
             ELSE round(pow(10, 1 + 3 * ((hash(u.unit_id, i) % 10000) / 10000.0)), 2) END,
        DATE '2017-05-01' - (hash(u.unit_id, i, 'p') % 700)::INTEGER, 6, i
 FROM units u, range(0, 320) r(i)
 WHERE u.level = 'village' AND hash(u.unit_id, 'pay') % 10 = 0`,
	`INSERT INTO assets (txn_id, unit_id, category, kind, amount_yuan, txn_on, area_mu, term_years, public_bidding, approved, _batch, _row)
 SELECT 'L' || u.unit_id || '-' || i, u.unit_id, 'resources', 'lease', round(area * price, 2), DATE '2016-01-01' + (hash(u.unit_id, i) % 500)::INTEGER,
        area, 10, hash(u.unit_id, i, 'b') % 5 > 0, true, 7, i
 FROM (SELECT unit_id, i, 5 + hash(unit_id, i, 'a') % 60 AS area,
              (600 + hash(substr(unit_id, 1, 3)) % 800) * (0.6 + (hash(unit_id, i, 'q') % 80) / 100.0) * (CASE WHEN hash(unit_id, 'cheap') % 40 = 0 THEN 0.3 ELSE 1 END) AS price
       FROM units, range(0, 3) r(i) WHERE level = 'village' AND hash(unit_id, 'lease') % 4 = 0) u`,
	`INSERT INTO flags
 SELECT 'demo-run', a.unit_id, 'assets_lease_below', 'assets', a.txn_id, a.txn_on, a.amount_yuan, '{"price_per_mu": ' || round(a.amount_yuan / a.area_mu, 1) || '}',
        '每亩年租金远低于全区水平', 'far below the district''s price', 7, a._row
 FROM assets a WHERE a.amount_yuan / a.area_mu < 400`,
	`INSERT INTO backtests VALUES ('bt-20160531-1', DATE '2016-05-31', 12, DATE '2017-05-31', false, TIMESTAMP '2017-06-02 10:00:00', 'test', '', 6, 3, 0.72, 0.65, 2, 2, 1, 1.0, 1, 1.0, 3, 1, 1, NULL)`,
	`INSERT INTO backtest_indicators VALUES ('bt-20160531-1', 'cases_eb_rate', 0.7), ('bt-20160531-1', 'family:cases', 0.68), ('bt-20160531-1', 'silent_unit', NULL)`,
	`INSERT INTO backtest_bands VALUES ('bt-20160531-1', 'high', 2, 2, 1.0), ('bt-20160531-1', 'normal', 4, 1, 0.25)`,
	`INSERT INTO batches VALUES
 (1, 'units', 'units.csv', NULL, 'aa', 1, 'UTF-8', 2663, 2663, 0, 0, TIMESTAMP '2017-06-01 08:00:00'),
 (2, 'cases', 'cases_2017-05.xlsx', 'Sheet1', 'bb', 1, NULL, 2100, 2080, 20, 0, TIMESTAMP '2017-06-01 08:01:00'),
 (3, 'payments', 'payments.csv', NULL, 'cc', 1, 'GB18030', 120000, 119500, 500, 0, TIMESTAMP '2017-06-01 08:02:00')`,
	`INSERT INTO rejects SELECT 3, 'payments', 'payments.csv', NULL, i, 'payee_id', '5101**********' || lpad((i % 10000)::VARCHAR, 4, '0'),
   'invalid ID check digit', NULL FROM range(0, 500) r(i)`,
	`INSERT INTO rejects SELECT 2, 'cases', 'cases_2017-05.xlsx', 'Sheet1', i, 'filed_on', '2017年13月' || i || '日', 'unparseable date', NULL FROM range(0, 20) r(i)`,
}

// newDemoDB returns an in-memory database holding the demo city.
func newDemoDB(t testing.TB) *sql.DB {
	return newFixtureDB(t, true, demoSQL...)
}

// TestWriteDemo writes the demo city's pages into $MICRORISK_DEMO_OUT (for
// screenshots); without it, it only checks that the pages are written.
func TestWriteDemo(t *testing.T) {
	db := newDemoDB(t)
	for _, lang := range []string{LangZh, LangEn} {
		dir := t.TempDir()
		if out := os.Getenv("MICRORISK_DEMO_OUT"); out != "" {
			dir = out + "/" + lang
		}
		sum, err := Write(context.Background(), db, Options{OutDir: dir, Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		if sum.RunID != "demo-run" || len(sum.Files) != len(pageNav) || sum.Units == 0 {
			t.Errorf("summary %+v", sum)
		}
	}
}
