package dashboards

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/microrisk/microrisk/docx"
	"github.com/microrisk/microrisk/risk"
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
	// D1: D1, T1, V1, S1, V3 → c2 c3 c4 c9, staff 100+40+10+12+4, scores 90 80 30 29.
	d1 := ds[0]
	if d1.Cases != 4 || d1.Staff != 166 || !near(*d1.Per100, 400.0/166, 1e-9) ||
		!near(*d1.MeanScore, 229.0/4, 1e-9) || d1.High != 2 || d1.Scored != 4 {
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
	f := newFunnel(pts, risk.Reminders{Overdispersion: risk.ODNone})
	if len(pts) != 5 || f.NAbove != 1 {
		t.Errorf("funnel: %d points, %d above; want 5, 1 (V1: 12 against 2.0)", len(pts), f.NAbove)
	}
}

// figureValue extracts a headline figure's value from the overview.
func figureValue(t *testing.T, page []byte, query string) string {
	t.Helper()
	re := regexp.MustCompile(`data-query="` + query + `" title="[^"]*">\s*<div class="label">[^<]*</div>\s*<div class="value">([^<]*)`)
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
			phrase: []string{`lang="zh-CN"`, "2016年1月1日 – 2017年5月31日", "2016年 7 件，2015年 8 件", "领导概览", "巡察计划：3 个单位，1 轮，2 个巡察组，其中 1 个因全覆盖要求纳入。",
				"数据局限", "数据口径与来源", "<code>cases_filed</code>"},
		},
		{
			name: "latest run, English", opts: Options{Lang: "en"}, run: "r2",
			want: map[string]string{"cases_filed": "7", "accusation_change": "−12.5%", "satisfaction_city": "85.42"},
			phrase: []string{`lang="en"`, "2016-01-01 – 2017-05-31", "2016: 7, 2015: 8", "Leadership overview",
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
	if _, ok := pages[districtDir+"/T1.js"]; ok {
		t.Errorf("a data file for T1, which is no district")
	}
	for _, tt := range []struct {
		page string
		want []string
	}{
		{pageIndex, []string{`data-query="monthly_cases"`, `data-query="cases_by_domain"`, `data-query="district_ranking"`,
			`data-query="targets_summary"`, `href="planner.html#tour"`, `href="planner.html#reminders"`,
			"扶贫、惠民、专项资金、集体三资、土地", "脱贫攻坚、惠民政策、专项资金、集体三资、土地整理流转"}},
		{pagePlanner, []string{`data-query="unit_index"`, `data-query="funnel_points"`, `data-query="tour_plan"`, `data-query="reminders"`,
			`data-query="heatmap_cases"`, `id="planner-units"`, `src="data/units.js"`,
			"共评分 6 个单位（高 2，较高 2，一般 2）", "1 个单位超出 99.8% 上限。", "24个月内立案12件，预期2.0件",
			"超过五年未巡察", `class="forced"`, "乡镇(街道)", "村(社区)", `href="unit.html#T2"`, "6.00", "letters/_561.html", "letters/_561.docx",
			`"unit":"V`, `data-query="scan_points"`, `data-query="scan_clusters"`, "0 个单位有经纬度，6 个单位无经纬度、未参加扫描", "单位台账没有经纬度，无法进行空间扫描。"}},
		{indexFile, []string{`"r":1`, "24个月内立案12件，为全市水平的6.0倍", `"tn":"东城街道"`, `"dn":"\u003cscript\u003ealert(1)\u003c/script\u003e"`}},
		{districtDir + "/D1.js", []string{`"V3":{"id":"V3","name":"无数据村"`, `"empty":true`, `"V1":`, "重点线索1条未办结", `"path":[["C0","成都市","city"]`, `"flagTotals":{"payments_duplicate":2}`}},
		{pageUnit, []string{`id="unit-page"`, `src="lib/unit.js"`, `src="data/units.js"`}},
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
			if strings.HasSuffix(tt.page, ".html") && !strings.Contains(string(pages[tt.page]), `href="`+n.file+`"`) {
				t.Errorf("%s does not link to %s", tt.page, n.file)
			}
		}
	}
}

// TestWriteLetters: a draft letter per reminder target, its .docx reading
// back with the reminder's facts and its annex of the unit's flags.
func TestWriteLetters(t *testing.T) {
	db := newFixtureDB(t, false, `UPDATE indicators SET contribution = 2.5, reason_zh = '同月重复发放2笔', reason_en = '2 duplicates'
		WHERE run_id = 'r2' AND unit_id = 'V1' AND indicator = 'cases_funnel_z'`,
		`INSERT INTO indicators (run_id, unit_id, indicator, value, contribution, reason_zh, reason_en)
		 VALUES ('r2', 'V1', 'payments_duplicate', 3, 1.5, '24个月内同一人同一项目同月重复发放2笔', '2 duplicate payments')`)
	sum, files := writeFixture(t, db, Options{})
	if sum.Letters != 2 {
		t.Errorf("%d letters, want 2 (V1, S1)", sum.Letters)
	}
	b := files[lettersDir+"/"+letterBase("V1")+".docx"]
	text, err := docx.ReadText(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"工作提醒函", "24个月内立案12件，预期2.0件，超出99.8%控制限", "24个月内同一人同一项目同月重复发放2笔",
		evilScript, "31.50", "附件"} {
		if !strings.Contains(text, want) {
			t.Errorf("letter lacks %q", want)
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
	// Every file 0600, every folder 0700, nothing left over.
	var files int
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		} else {
			files++
		}
		if path != dir && fi.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", path, fi.Mode().Perm(), want)
		}
		if strings.HasPrefix(d.Name(), ".") {
			t.Errorf("temporary file %s left behind", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < len(pageNav)+4 {
		t.Errorf("%d files written", files)
	}
	// A file of an earlier report in the data folder is removed; one the
	// report does not own stays.
	stale := filepath.Join(dir, districtDir, "gone.js")
	own := filepath.Join(dir, "notes.txt")
	for _, f := range []string{stale, own} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Write(context.Background(), db, Options{OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale data file kept: %v", err)
	}
	if _, err := os.Stat(own); err != nil {
		t.Errorf("a file the report does not own was removed: %v", err)
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

// TestQueriesEmbedded: every query constant of queries.go names a file
// of queries/ and is used by the package's code, and every file has a
// constant.
func TestQueriesEmbedded(t *testing.T) {
	src, err := os.ReadFile("queries.go")
	if err != nil {
		t.Fatal(err)
	}
	decl := regexp.MustCompile(`(?m)^\s*(q[A-Z]\w*)\s*=\s*"(\w+)"`).FindAllStringSubmatch(string(src), -1)
	var code strings.Builder
	goFiles, _ := filepath.Glob("*.go")
	for _, f := range goFiles {
		if f == "queries.go" || strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code.Write(b)
	}
	entries, err := queryFS.ReadDir("queries")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, e := range entries {
		files[strings.TrimSuffix(e.Name(), ".sql")] = true
	}
	for _, d := range decl {
		if !files[d[2]] {
			t.Errorf("query %s has no file", d[2])
		}
		delete(files, d[2])
		if !regexp.MustCompile(`\b` + d[1] + `\b`).MatchString(code.String()) {
			t.Errorf("query constant %s is not used", d[1])
		}
	}
	for n := range files {
		t.Errorf("queries/%s.sql has no constant", n)
	}
}

func near(a, b, tol float64) bool { return a-b <= tol && b-a <= tol }
