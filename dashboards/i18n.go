package dashboards

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/microrisk/microrisk/model"
)

// Languages the reports are written in; Chinese is the default.
const (
	LangZh = "zh"
	LangEn = "en"
)

// messages is the translation table of every UI string of the pages:
// key → {Chinese, English}. Labels of the model's enumerations (levels,
// domains, ledgers) come from package model instead.
var messages = map[string][2]string{
	"app":          {"基层微腐败风险监测", "Grassroots micro-corruption risk"},
	"nav_index":    {"领导概览", "Leadership overview"},
	"nav_planner":  {"巡察规划", "Inspection planning"},
	"nav_quality":  {"数据质量", "Data quality"},
	"meta_run":     {"运行批次", "Run"},
	"meta_as_of":   {"数据截至", "As of"},
	"meta_period":  {"统计期间", "Period"},
	"meta_created": {"运行时间", "Run created"},
	"meta_version": {"程序版本", "Version"},
	"query":        {"查询", "Query"},
	"no_data":      {"暂无数据。", "No data."},
	"chart_error":  {"图表未能绘制。", "The chart could not be drawn."},
	"footer":       {"本报告离线生成，图表库已内嵌，不引用任何外部资源；人员身份信息均不显示。", "Generated offline: the chart library is embedded and no external resource is referenced; no personal identifiers are shown."},
	"yes":          {"是", "yes"},
	"no":           {"否", "no"},
	"none":         {"—", "—"},

	// Leadership overview.
	"sec_headline":            {"主要数据", "Headline figures"},
	"fig_cases_filed":         {"立案", "Cases filed"},
	"fig_people_punished":     {"处分", "People punished"},
	"fig_leaders_accountable": {"一案双查追责领导干部", "Responsible leaders held accountable"},
	"fig_cases_exposed":       {"点名道姓通报曝光典型案例", "Typical cases exposed by name"},
	"fig_leader_talks":        {"约谈单位负责人", "Unit leaders talked to"},
	"fig_people_accountable":  {"问责", "People held accountable"},
	"fig_key_leads":           {"重点问题线索", "Key leads"},
	"fig_accusation_change":   {"乡镇及以下检控类信访举报同比", "Accusation-type reports at or below township level, year on year"},
	"fig_satisfaction":        {"群众满意度指数", "Public satisfaction index"},
	"unit_cases":              {"件", "cases"},
	"unit_people":             {"人", "people"},
	"unit_leads":              {"条", "leads"},
	"accusation_note":         {"%d年 %s 件，%d年 %s 件", "%d: %s, %d: %s"},
	"accusation_none":         {"上一年度无检控类举报，无法计算同比", "no accusation-type reports in the earlier year: no change can be computed"},
	"satisfaction_city":       {"%s年度，全市", "%s, city-wide"},
	"satisfaction_fallback":   {"%s年度：全市无测评结果，此为各乡镇(街道)按受访人数加权的平均", "%s: no city-wide survey; this is the townships' mean weighted by respondents"},
	"satisfaction_none":       {"%s年度无满意度测评", "no survey for %s"},
	"sec_monthly":             {"逐月立案", "Cases filed by month"},
	"series_cases":            {"立案数", "Cases filed"},
	"series_punished":         {"处分人数", "People punished"},
	"sec_domains":             {"分领域案件", "Cases by domain"},
	"cluster_window":          {"窗口服务、执法、监管、不作为慢作为", "Service windows, law enforcement, regulation, inaction"},
	"cluster_funds":           {"扶贫、惠民、专项资金、集体三资、土地", "Poverty relief, benefits, special funds, three assets, land"},
	"cluster_livelihood":      {"教育、医疗、食品安全、环保", "Education, health care, food safety, environment"},
	"cluster_other":           {"其他", "Other"},
	"col_cluster":             {"类别", "Cluster"},
	"col_domains":             {"包含领域", "Domains"},
	"sec_districts":           {"区(市)县排名", "Districts ranked"},
	"districts_intro":         {"按所辖评分单位的平均风险分排序；立案数含区(市)县本级及所辖全部单位，每百人立案数以同一范围的干部职工人数为分母。", "Ranked by the mean risk score of their scored units; cases count every unit in the district, its own offices included, and cases per 100 staff divide by the staff of the same units."},
	"chart_per100":            {"每百名干部职工立案数", "Cases per 100 staff"},
	"sec_targets":             {"建议对象", "Proposed targets"},
	"targets_tour":            {"巡察计划：%s 个单位，%s 轮，%s 个巡察组，其中 %s 个因全覆盖要求纳入。", "Tour plan: %s units in %s rounds by %s teams, %s of them forced in by full coverage."},
	"targets_reminder":        {"工作提醒：%s 个单位。", "Work reminders: %s units."},
	"targets_none":            {"本次运行尚无建议对象（请运行 microrisk plan）。", "This run has no proposed targets yet (run microrisk plan)."},
	"link_tour":               {"查看巡察计划", "See the tour plan"},
	"link_reminders":          {"查看工作提醒", "See the work reminders"},
	"link_ranking":            {"查看完整排名", "See the full ranking"},
	"sec_top_units":           {"风险最高的单位", "Riskiest units"},

	// Planner page.
	"sec_ranking":       {"风险排名", "Risk ranking"},
	"ranking_note":      {"共评分 %s 个单位（高 %s，较高 %s，一般 %s）。风险分是百分位：高于全市该百分比的评分单位；等级按排名划分。", "%s units scored (high %s, elevated %s, normal %s). The score is a percentile: riskier than that share of the scored units; bands follow the rank."},
	"band_high":         {"高", "high"},
	"band_elevated":     {"较高", "elevated"},
	"band_normal":       {"一般", "normal"},
	"band_insufficient": {"数据不足", "insufficient data"},
	"sec_funnel":        {"案件漏斗图", "Funnel plot of cases"},
	"funnel_intro":      {"每个点是一个单位：横轴为按全市发案率预期的案件数，纵轴为实际与预期之比。虚线为 95% 与 99.8% 控制限（按运行配置调整过度离散，或为精确泊松限）；红点为超出 99.8% 上限的单位。", "Each point is a unit: expected cases under the city rate on x, observed over expected on y. Dashed lines are the 95% and 99.8% limits (adjusted for overdispersion as the run's configuration says, or exact Poisson); red points lie above the upper 99.8% limit."},
	"funnel_above":      {"%s 个单位超出 99.8%% 上限。", "%s units lie above the upper 99.8%% limit."},
	"funnel_missing":    {"本次运行没有 cases_funnel_z 指标的预期案件数，无法绘制漏斗图。", "This run has no expected cases for the indicator cases_funnel_z, so no funnel can be drawn."},
	"axis_expected":     {"预期案件数", "Expected cases"},
	"axis_ratio":        {"实际/预期", "Observed / expected"},
	"series_units":      {"单位", "Units"},
	"series_above":      {"超出 99.8% 上限", "Above the 99.8% limit"},
	"series_limit95":    {"95% 控制限", "95% limits"},
	"series_limit998":   {"99.8% 控制限", "99.8% limits"},
	"series_target":     {"全市水平", "City rate"},
	"sec_tour":          {"巡察计划", "Tour plan"},
	"sec_reminders":     {"工作提醒", "Work reminders"},
	"col_rank":          {"排名", "Rank"},
	"col_unit":          {"单位", "Unit"},
	"col_level":         {"层级", "Level"},
	"col_district":      {"区(市)县", "District"},
	"col_score":         {"风险分", "Score"},
	"col_band":          {"等级", "Band"},
	"col_reasons":       {"主要原因", "Top reasons"},
	"col_round":         {"轮次", "Round"},
	"col_team":          {"巡察组", "Team"},
	"col_seq":           {"序号", "No."},
	"col_forced":        {"纳入方式", "Why in the plan"},
	"col_observed":      {"实际案件", "Observed"},
	"col_expected":      {"预期案件", "Expected"},
	"col_ratio":         {"实际/预期", "O/E"},
	"col_facts":         {"事实依据", "Facts"},
	"col_cases":         {"立案数", "Cases"},
	"col_punished":      {"处分人数", "People punished"},
	"col_staff":         {"干部职工", "Staff"},
	"col_per100":        {"每百人立案", "Cases per 100 staff"},
	"col_mean_score":    {"平均风险分", "Mean score"},
	"col_high":          {"高风险单位", "Units in high band"},
	"col_scored":        {"评分单位", "Units scored"},
	"round_team":        {"第 %s 轮 · 第 %s 组", "Round %s · team %s"},
	"tour_forced_note":  {"全覆盖：五年任期内未巡察的单位必须纳入。", "Full coverage: units not toured within the term must be included."},

	// Data quality page.
	"sec_batches":     {"已导入批次", "Batches loaded"},
	"batches_intro":   {"数据库中全部导入批次（不限于本次运行）。", "Every batch in the database, not only those of this run."},
	"sec_ledgers":     {"各台账导入与拒收行数", "Rows loaded and rejected per ledger"},
	"sec_rejects":     {"拒收记录", "Rejected rows"},
	"rejects_intro":   {"按台账、列和原因汇总；示例为每组第一条拒收记录，值按入库时保存（身份证号等已脱敏）。", "By ledger, column and reason; the sample is each group's first rejected row, its value as stored (person identifiers are masked at ingest)."},
	"rejects_total":   {"共拒收 %s 行。", "%s rows rejected in all."},
	"col_batch":       {"批次", "Batch"},
	"col_ledger":      {"台账", "Ledger"},
	"col_file":        {"文件", "File"},
	"col_sheet":       {"工作表", "Sheet"},
	"col_encoding":    {"编码", "Encoding"},
	"col_read":        {"读取行数", "Read"},
	"col_loaded":      {"导入行数", "Loaded"},
	"col_rejected":    {"拒收行数", "Rejected"},
	"col_loaded_at":   {"导入时间", "Loaded at"},
	"col_column":      {"列", "Column"},
	"col_reason":      {"原因", "Reason"},
	"col_count":       {"行数", "Rows"},
	"col_sample":      {"示例（文件:行 值）", "Sample (file:row value)"},
	"series_loaded":   {"导入", "Loaded"},
	"series_rejected": {"拒收", "Rejected"},
}

// translator writes UI strings, numbers and enum labels in one language.
type translator struct{ lang string }

// idx is the column of messages for the language.
func (t translator) idx() int {
	if t.lang == LangEn {
		return 1
	}
	return 0
}

// T returns the UI string for key; an unknown key is an error, so that a
// page with a missing translation is never written.
func (t translator) T(key string) (string, error) {
	m, ok := messages[key]
	if !ok {
		return "", fmt.Errorf("dashboards: no translation for %q", key)
	}
	return m[t.idx()], nil
}

// F formats the UI string for key with args, as fmt.Sprintf.
func (t translator) F(key string, args ...any) (string, error) {
	s, err := t.T(key)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(s, args...), nil
}

// labels returns the UI strings for keys, by key.
func (t translator) labels(keys ...string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	for _, k := range keys {
		s, err := t.T(k)
		if err != nil {
			return nil, err
		}
		out[k] = s
	}
	return out, nil
}

// Level returns the label of a unit level.
func (t translator) Level(code string) string { return model.Levels.Label(code, t.lang) }

// Domain returns the label of a case domain.
func (t translator) Domain(code string) string { return model.Domains.Label(code, t.lang) }

// Ledger returns a ledger's name: Chinese from model, or its English name.
func (t translator) Ledger(name string) string {
	if l, ok := model.LedgerByName(name); ok && t.lang != LangEn {
		return l.Zh
	}
	return name
}

// Band returns the label of a score band; an unknown band is shown as is.
func (t translator) Band(band string) string {
	if s, err := t.T("band_" + band); err == nil {
		return s
	}
	return band
}

// fmtInt writes n with thousands separators: 1,977.
func fmtInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fmtFloat writes x with prec decimals, a true minus sign, and "—" for a
// missing or non-finite value.
func fmtFloat(x *float64, prec int) string {
	if x == nil || math.IsNaN(*x) || math.IsInf(*x, 0) {
		return "—"
	}
	s := strconv.FormatFloat(*x, 'f', prec, 64)
	if strings.HasPrefix(s, "-") {
		s = "−" + s[1:]
	}
	return s
}
