package dashboards

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestHeadlinePeriod(t *testing.T) {
	for _, tt := range []struct {
		asOf           string
		from, to, year string
	}{
		{"2017-05-31", "2016-01-01", "2017-05-31", "2016"},
		{"2016-12-31", "2015-01-01", "2016-12-31", "2015"},
		{"2020-01-01", "2019-01-01", "2020-01-01", "2019"},
	} {
		asOf, _ := time.Parse(time.DateOnly, tt.asOf)
		p := HeadlinePeriod(asOf)
		if got := p.From.Format(time.DateOnly); got != tt.from {
			t.Errorf("%s: From = %s, want %s", tt.asOf, got, tt.from)
		}
		if got := p.To.Format(time.DateOnly); got != tt.to {
			t.Errorf("%s: To = %s, want %s", tt.asOf, got, tt.to)
		}
		if p.SurveyPeriod() != tt.year {
			t.Errorf("%s: SurveyPeriod = %s, want %s", tt.asOf, p.SurveyPeriod(), tt.year)
		}
	}
}

func TestLoadHeadline(t *testing.T) {
	db := newFixtureDB(t, false)
	ctx := context.Background()
	q := querier{db}
	asOf := time.Date(2017, 5, 31, 0, 0, 0, 0, time.UTC)
	h, err := loadHeadline(ctx, q, HeadlinePeriod(asOf))
	if err != nil {
		t.Fatal(err)
	}
	if h.AccusationChangePct == nil || !near(*h.AccusationChangePct, -12.5, 1e-9) {
		t.Errorf("AccusationChangePct = %v, want −12.5", h.AccusationChangePct)
	}
	if h.Satisfaction == nil || !near(*h.Satisfaction, 85.42, 1e-9) || h.SatisfactionFallback {
		t.Errorf("Satisfaction = %v (fallback %v), want the city's 85.42", h.Satisfaction, h.SatisfactionFallback)
	}
	h.AccusationChangePct, h.Satisfaction, h.SatisfactionFallback = nil, nil, false
	if h != wantR2 {
		t.Errorf("headline =\n%+v\nwant\n%+v", h, wantR2)
	}

	// Without a city survey the townships' respondent-weighted mean is
	// used: (80·100 + 90·300) / 400 = 87.5.
	if _, err := db.Exec(`DELETE FROM surveys WHERE unit_id = 'C0'`); err != nil {
		t.Fatal(err)
	}
	h, err = loadHeadline(ctx, q, HeadlinePeriod(asOf))
	if err != nil {
		t.Fatal(err)
	}
	if h.Satisfaction == nil || !near(*h.Satisfaction, 87.5, 1e-9) || !h.SatisfactionFallback {
		t.Errorf("fallback Satisfaction = %v (fallback %v), want 87.5", h.Satisfaction, h.SatisfactionFallback)
	}
}

func TestLoadCharts(t *testing.T) {
	db := newFixtureDB(t, false)
	ctx := context.Background()
	q := querier{db}
	p := HeadlinePeriod(time.Date(2017, 5, 31, 0, 0, 0, 0, time.UTC))

	months, err := loadMonthly(ctx, q, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(months) != 17 || months[0].Month != "2016-01" || months[16].Month != "2017-05" {
		t.Fatalf("months = %+v, want 2016-01..2017-05", months)
	}
	var total int64
	for _, m := range months {
		total += m.Cases
	}
	if total != wantR2.CasesFiled || months[5].Cases != 2 || months[5].Punished != 4 {
		t.Errorf("monthly total %d, June 2016 %+v; want %d, 2 cases 4 punished", total, months[5], wantR2.CasesFiled)
	}

	cl, err := loadClusters(ctx, q, p)
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]int64{{1, 1}, {3, 3}, {2, 3}, {1, 2}} // window, funds, livelihood, other
	for i, c := range cl {
		if c.Cases != want[i][0] || c.Punished != want[i][1] {
			t.Errorf("cluster %s = %d cases %d punished, want %v", c.Key, c.Cases, c.Punished, want[i])
		}
	}

	ds, err := loadDistricts(ctx, q, "r2", p)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].ID != "D1" || ds[1].ID != "D2" {
		t.Fatalf("districts = %+v, want D1 then D2", ds)
	}
	// D1: D1, T1, V1, S1 → c2 c3 c4 c9, staff 100+40+10+12, scores 90 80 30.
	d1 := ds[0]
	if d1.Cases != 4 || d1.Staff != 162 || !near(*d1.Per100, 400.0/162, 1e-9) ||
		!near(*d1.MeanScore, 200.0/3, 1e-9) || d1.High != 2 || d1.Scored != 3 {
		t.Errorf("D1 = %+v", d1)
	}
	d2 := ds[1]
	if d2.Cases != 3 || d2.Staff != 118 || !near(*d2.MeanScore, 55, 1e-9) || d2.High != 0 {
		t.Errorf("D2 = %+v", d2)
	}

	pts, err := loadFunnel(ctx, q, "r2")
	if err != nil {
		t.Fatal(err)
	}
	f := newFunnel(pts)
	if len(pts) != 5 || f.NAbove != 1 {
		t.Errorf("funnel: %d points, %d above; want 5, 1 (V1: 12 against 2.0)", len(pts), f.NAbove)
	}
}

// figureValue extracts a headline figure's value from the overview.
func figureValue(t *testing.T, page []byte, query string) string {
	t.Helper()
	re := regexp.MustCompile(`data-query="` + query + `">\s*<div class="label">[^<]*</div>\s*<div class="value">([^<]*)`)
	m := re.FindSubmatch(page)
	if m == nil {
		t.Fatalf("figure %s not found in the overview", query)
	}
	return string(m[1])
}

func TestWriteFigures(t *testing.T) {
	db := newFixtureDB(t, false)
	for _, tt := range []struct {
		name   string
		opts   Options
		run    string
		want   map[string]string
		phrase []string // must appear in index.html
	}{
		{
			name: "latest run, Chinese", run: "r2",
			want: map[string]string{
				"cases_filed": "7", "people_punished": "9", "leaders_accountable": "5", "cases_exposed": "4",
				"leader_talks": "3", "people_accountable": "2", "key_leads": "2",
				"accusation_change": "−12.5%", "satisfaction_city": "85.42",
			},
			phrase: []string{`lang="zh-CN"`, "统计期间 2016年1月1日 至 2017年5月31日。", "2016年 7 件，2015年 8 件", "领导概览", "巡察计划：3 个单位，1 轮，2 个巡察组，其中 1 个因全覆盖要求纳入。"},
		},
		{
			name: "latest run, English", opts: Options{Lang: "en"}, run: "r2",
			want: map[string]string{"cases_filed": "7", "accusation_change": "−12.5%", "satisfaction_city": "85.42"},
			phrase: []string{`lang="en"`, "Period 2016-01-01 to 2017-05-31.", "2016: 7, 2015: 8", "Leadership overview",
				"Tour plan: 3 units in 1 rounds by 2 teams, 1 of them forced in by full coverage."},
		},
		{
			name: "earlier run", opts: Options{RunID: "r1"}, run: "r1",
			// Period 2015-01-01..2016-12-31: c1..c4, c8; no accusation in 2014.
			want:   map[string]string{"cases_filed": "5", "people_punished": "7", "accusation_change": "—", "satisfaction_city": "83.10"},
			phrase: []string{"本次运行尚无建议对象", "上一年度无检控类举报，无法计算同比"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sum, pages := writeFixture(t, db, tt.opts)
			if sum.RunID != tt.run {
				t.Errorf("RunID = %s, want %s", sum.RunID, tt.run)
			}
			for q, want := range tt.want {
				if got := figureValue(t, pages[pageIndex], q); got != want {
					t.Errorf("%s = %q, want %q", q, got, want)
				}
			}
			for _, ph := range tt.phrase {
				if !strings.Contains(string(pages[pageIndex]), ph) {
					t.Errorf("index.html lacks %q", ph)
				}
			}
		})
	}
}

func TestWritePages(t *testing.T) {
	db := newFixtureDB(t, false)
	_, pages := writeFixture(t, db, Options{})
	for _, tt := range []struct {
		page string
		want []string
	}{
		{pageIndex, []string{`data-query="monthly_cases"`, `data-query="cases_by_domain"`, `data-query="district_ranking"`,
			`data-query="targets_summary"`, `href="planner.html#tour"`, `href="planner.html#reminders"`,
			"扶贫、惠民、专项资金、集体三资、土地", "脱贫攻坚、惠民政策、专项资金、集体三资、土地整理流转"}},
		{pagePlanner, []string{`data-query="ranking"`, `data-query="funnel_points"`, `data-query="tour_plan"`, `data-query="reminders"`,
			"共评分 5 个单位（高风险 2，较高 2，一般 1）", "1 个单位超出 99.8% 上限。", "24个月内立案12件，为全市水平的6.0倍",
			"重点线索1条未办结", "超过五年未巡察", `class="forced"`, "乡镇(街道)", "村(社区)", "基层站所", "6.00"}},
		{pageQuality, []string{`data-query="batches"`, `data-query="rejects_summary"`, `data-query="batches_by_ledger"`,
			"共拒收 4 行。", "cases_2017-05.xlsx", "unparseable date", "110***********1234", "惠民资金发放",
			"6222***********23", "account shared with 1101***********3X"}},
	} {
		for _, w := range tt.want {
			if !strings.Contains(string(pages[tt.page]), w) {
				t.Errorf("%s lacks %q", tt.page, w)
			}
		}
		for _, clear := range []string{"6222021234567890123", "11010119900307123X"} {
			if strings.Contains(string(pages[tt.page]), clear) {
				t.Errorf("%s shows the identifier %s in clear", tt.page, clear)
			}
		}
		for _, n := range pageNav {
			if !strings.Contains(string(pages[tt.page]), `href="`+n.file+`"`) {
				t.Errorf("%s does not link to %s", tt.page, n.file)
			}
		}
	}
}

func TestWriteErrors(t *testing.T) {
	ctx := context.Background()
	empty := newFixtureDB(t, true)
	_, err := Write(ctx, empty, Options{OutDir: t.TempDir()})
	if !errors.Is(err, ErrNoRun) || !strings.Contains(err.Error(), "microrisk score") {
		t.Errorf("empty database: err = %v, want ErrNoRun", err)
	}
	db := newFixtureDB(t, false)
	for _, o := range []Options{
		{OutDir: t.TempDir(), RunID: "nope"},
		{OutDir: t.TempDir(), Lang: "fr"},
		{},
	} {
		if _, err := Write(ctx, db, o); err == nil {
			t.Errorf("Write(%+v) succeeded", o)
		}
	}
}

func TestFileModes(t *testing.T) {
	db := newFixtureDB(t, false)
	dir := filepath.Join(t.TempDir(), "new", "reports")
	// A page left by an earlier, careless run must not keep its mode.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, pageIndex), []byte("<!DOCTYPE html>old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(context.Background(), db, Options{OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	for _, n := range pageNav {
		fi, err := os.Stat(filepath.Join(dir, n.file))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", n.file, fi.Mode().Perm())
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(pageNav) {
		t.Errorf("directory holds %d entries, want only the %d pages", len(entries), len(pageNav))
	}

	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := Write(context.Background(), db, Options{OutDir: fresh}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("new directory mode %v, want 0700", fi.Mode().Perm())
	}
}

func TestTranslations(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+#0-9.]*[a-zA-Z%]`)
	for k, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: missing a language", k)
		}
		if a, b := verbs.FindAllString(m[0], -1), verbs.FindAllString(m[1], -1); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%s: verbs %v (zh) and %v (en) differ", k, a, b)
		}
	}
	if _, err := (translator{LangZh}).T("no such key"); err == nil {
		t.Error("unknown key: no error")
	}
}

func TestQueriesEmbedded(t *testing.T) {
	used := []string{qRunLatest, qRunByID, qCasesFiled, qPeoplePunished, qLeadersAccountable, qCasesExposed,
		qLeaderTalks, qPeopleAccountable, qKeyLeads, qAccusationChange, qSatisfactionCity, qSatisfactionTownships,
		qMonthlyCases, qCasesByDomain, qDistrictRanking, qRanking, qScoreBands, qFunnelPoints, qTourPlan,
		qReminders, qTargetsSummary, qBatches, qBatchesByLedger, qRejectsSummary}
	entries, err := queryFS.ReadDir("queries")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, e := range entries {
		files[strings.TrimSuffix(e.Name(), ".sql")] = true
	}
	for _, n := range used {
		if !files[n] {
			t.Errorf("query %s has no file", n)
		}
		delete(files, n)
	}
	for n := range files {
		t.Errorf("queries/%s.sql is not used", n)
	}
}

func near(a, b, tol float64) bool { return a-b <= tol && b-a <= tol }
