package dashboards

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/risk"
)

// unitMessages are the strings of the unit pages, the planner's search and
// the analyst pages; microrisk.js and unit.js read them from the page
// (pageText).
var unitMessages = map[string][2]string{
	"nav_unit":                 {"单位画像", "Unit page"},
	"nav_payments":             {"资金分析", "Payments"},
	"nav_assets":               {"三资分析", "Three assets"},
	"all":                      {"全部", "all"},
	"search":                   {"查找单位", "Find a unit"},
	"search_placeholder":       {"名称、编码、区县或乡镇", "name, code, district or township"},
	"page_prev":                {"上一页", "Previous"},
	"page_next":                {"下一页", "Next"},
	"page_of":                  {"第 %s / %s 页，共 %s 条", "page %s of %s, %s rows"},
	"data_missing":             {"未能读取报告的数据文件（data/ 文件夹）。请保持报告文件夹完整。", "The report's data files (the data/ folder) could not be read. Keep the report folder whole."},
	"col_family":               {"指标类别", "Family"},
	"col_rule":                 {"预警规则", "Rule"},
	"col_flags":                {"预警记录", "Flags"},
	"col_indicator":            {"指标", "Indicator"},
	"col_value":                {"指标值", "Value"},
	"col_observed_any":         {"实际", "Observed"},
	"col_expected_any":         {"预期/参照", "Expected"},
	"col_contribution":         {"对综合指数的贡献", "Contribution"},
	"col_at_stake":             {"涉及金额（元）", "At stake (yuan)"},
	"col_abstain":              {"未计算的原因", "Why it abstained"},
	"col_rule_id":              {"规则编号", "Rule id"},
	"col_record":               {"记录编号", "Record"},
	"col_date":                 {"日期", "Date"},
	"col_amount":               {"金额（元）", "Amount (yuan)"},
	"col_figures":              {"依据数据", "Figures"},
	"col_event":                {"事项", "Event"},
	"col_detail":               {"情况", "Detail"},
	"col_code":                 {"编码", "Code"},
	"col_parent":               {"上级", "Parent"},
	"sort_total":               {"按总分", "total score"},
	"score_is_percentile":      {"风险分是百分位：高于全市该百分比的评分单位", "The score is a percentile: riskier than that share of the scored units"},
	"family_score_note":        {"该类指标贡献之和在全市的百分位；空白表示该类指标全部因数据不足未计算", "Percentile of the family's summed contributions; blank where every indicator of the family abstained"},
	"family_cases":             {"案件", "Cases"},
	"family_reports":           {"信访举报", "Reports"},
	"family_leads":             {"问题线索", "Leads"},
	"family_trend":             {"趋势", "Trend"},
	"family_payments":          {"惠民资金", "Payments"},
	"family_assets":            {"集体三资", "Three assets"},
	"family_oversight":         {"监督覆盖", "Oversight"},
	"family_history":           {"问责历史", "History"},
	"family_satisfaction":      {"群众满意度", "Satisfaction"},
	"family_composite":         {"贡献之和", "Sum of contributions"},
	"family_score":             {"类别百分位", "Family percentile"},
	"family_abstained":         {"数据不足", "insufficient data"},
	"unit_code":                {"单位编码", "Unit code"},
	"unit_kind":                {"单位类型", "Kind"},
	"unit_population":          {"人口", "Population"},
	"unit_no_data":             {"本单位在评估期内没有任何台账记录：没有立案、举报、线索、巡察、资金发放或三资业务，各项指标均因数据不足未计算。低风险分不代表没有问题，只代表没有数据。", "This unit has no record in any ledger for the period: no case, report, lead, tour, payment or three-assets transaction, and every indicator abstained. A low score here means no data, not no problems."},
	"unit_unknown":             {"没有编码为 %s 的评分单位。", "No scored unit has the code %s."},
	"unit_choose":              {"请输入单位名称或编码查找。", "Type a unit's name or code to find it."},
	"rank_of":                  {"第 %s / %s 名", "%s of %s"},
	"composite":                {"综合指数", "Composite"},
	"score_explain":            {"风险分 %s 是百分位：本单位的综合指数高于全市 %s 个评分单位中这一百分比的单位（100 为最高）。它表示相对位置，不是发生问题的概率。", "The score %s is a percentile: the unit's composite is above that share of the city's %s scored units (100 is the highest). It is a relative position, not a probability of wrongdoing."},
	"composite_explain":        {"综合指数是各项指标标准化值（截断在 %s 至 %s 之间，预警类指标只计高于全市的部分）乘以权重后的和；每项的乘积即下表的“贡献”，前三项正贡献就是主要原因。数据不足的指标不计入，既不加分也不减分。", "The composite is the weighted sum of the indicators' standardised values (clipped to %s to %s; flag indicators count only above the city level); each product is the indicator's contribution below, and the three largest positive ones are the top reasons. An indicator that abstained adds nothing either way."},
	"band_explain":             {"等级按排名划分：前 %s%% 为“高”，其后 %s%% 为“较高”，其余为“一般”；综合指数不高于 0 的单位一律为“一般”。", "Bands follow the rank: the top %s%% are high, the next %s%% elevated, the rest normal; a unit whose composite is not above 0 is normal whatever its rank."},
	"no_reason":                {"各项指标均未高于全市水平。", "No indicator above the city level."},
	"sec_unit_score":           {"风险分及其含义", "Score and what it means"},
	"sec_unit_indicators":      {"各项指标", "Indicators"},
	"indicators_note":          {"每项指标的实际值、参照值和对综合指数的贡献；未计算的指标说明原因。", "Each indicator's observed and expected figures and its contribution to the composite; an indicator that abstained says why."},
	"about_indicators":         {"各指标的含义与权重", "What each indicator means, and its weight"},
	"weight_is":                {"权重 %s。", "Weight %s."},
	"sec_unit_flags":           {"预警记录（问题线索的原始依据）", "Flags: the records behind the indicators"},
	"flags_note":               {"每条记录以台账中的原始编号标识，可在业务系统中调取核查；金额为涉及金额。", "Each record is named by its own id in the ledger, to be pulled from the source system; the amount is the amount at stake."},
	"flags_capped":             {"“%s”共 %s 条，此处显示涉及金额最大的 %s 条；完整清单请用 microrisk export --what flags 导出（单位 %s）。", "%s: %s in all; the %s with the largest amounts are shown; export them all with microrisk export --what flags (unit %s)."},
	"no_flags":                 {"本单位没有预警记录。", "The unit has no flagged record."},
	"sec_unit_timeline":        {"时间线：案件、线索、举报、巡察与问责", "Timeline: cases, leads, reports, tours and talks"},
	"timeline_note":            {"近五年的记录，截至评估日。", "Records of the last five years up to the as-of date."},
	"no_events":                {"近五年没有案件、线索、举报、巡察或问责记录。", "No case, lead, report, tour or accountability action in the last five years."},
	"sec_unit_history":         {"历次评估的风险分", "Score in every stored run"},
	"sec_unit_benford":         {"惠民资金金额首两位数字分布（本福特定律）", "First two digits of the unit's payments (Benford's law)"},
	"benford_too_few":          {"付款笔数不足 %s 笔，不作数字分布检验。", "Fewer than %s payments: no digit test."},
	"benford_note":             {"共 %s 笔付款；柱为实际占比，线为本福特定律的预期占比。", "%s payments; bars are the observed shares, the line the shares Benford's law expects."},
	"benford_observed":         {"实际占比", "Observed share"},
	"benford_law":              {"本福特定律", "Benford's law"},
	"sec_unit_leases":          {"土地出租价格与全区比较", "Lease prices against the district"},
	"no_leases":                {"评估期内没有有面积的出租记录。", "No lease with an area in the window."},
	"leases_note":              {"每个点是一宗出租的每亩年租金；线为本区（县）同期出租价格的中位数（%s 元/亩）。", "Each point is a lease's price per mu per year; the line is the district's median in the same window (%s yuan per mu)."},
	"price_per_mu":             {"每亩年租金（元）", "Price per mu per year (yuan)"},
	"district_median":          {"全区中位数", "District median"},
	"series_leases":            {"出租", "Leases"},
	"area_mu":                  {"面积（亩）", "Area (mu)"},
	"pct_of_median":            {"占中位数%", "% of median"},
	"event_case":               {"立案", "Case filed"},
	"event_lead":               {"问题线索", "Lead"},
	"event_key_lead":           {"重点线索", "Key lead"},
	"event_report":             {"信访举报", "Report"},
	"event_routine_tour":       {"常规巡察", "Routine tour"},
	"event_special_tour":       {"专项巡察", "Special tour"},
	"event_unannounced_visit":  {"明察暗访", "Unannounced visit"},
	"event_talk":               {"约谈", "Talk"},
	"event_accountability":     {"问责", "Accountability"},
	"event_warning_letter":     {"工作提醒", "Work reminder"},
	"event_exposure":           {"通报曝光", "Exposure"},
	"event_democratic_meeting": {"民主生活会", "Democratic meeting"},
	"ev_case":                  {"领域：%s；问题：%s；处分 %s 人", "domain: %s; violation: %s; %s sanctioned"},
	"ev_lead":                  {"状态：%s；结果：%s", "status: %s; outcome: %s"},
	"ev_report":                {"类别：%s；渠道：%s", "category: %s; channel: %s"},
	"ev_tour":                  {"发现问题 %s 个", "%s problems found"},
	"ev_action":                {"涉及 %s 人", "%s people"},
	"sec_search":               {"全部评分单位", "Every scored unit"},
	"search_intro":             {"可按名称、编码、区县、乡镇查找，按等级、区县、层级、指标类别、预警规则筛选，点击表头排序；点击单位名称打开单位画像。", "Search by name, code, district or township; filter by band, district, level, family or rule; click a heading to sort; click a unit to open its page."},
	"sec_heatmap":              {"区（市）县 × 领域案件热力图", "Cases by district and domain"},
	"heatmap_intro":            {"统计期间各区（市）县各领域的立案数（含区县本级及所辖单位）。", "Cases filed in the period per district and domain (the district's own offices and every unit in it)."},
	"sec_scan":                 {"立案空间聚集区", "Case clusters"},
	"scan_intro":               {"Kulldorff空间扫描统计量：以每个单位为圆心、逐步扩大的圆内，立案数与按干部职工人数和所在区县发生率的预期数比较；蒙特卡罗检验显著（p≤0.05）的圆为聚集区。红点为本身立案多于预期、计入“立案空间聚集”指标的单位，橙点为聚集区内的其他单位，灰点为其余单位。坐标取自单位台账的经纬度。", "Kulldorff's spatial scan statistic: in circles growing around each unit, the cases are compared with those expected for the units' staff at their districts' rates; circles significant by the Monte Carlo test (p ≤ 0.05) are clusters. Red: units with more cases than their own expected share, which the indicator cases_cluster credits; orange: the clusters' other units; grey: the rest. Coordinates are the units ledger's longitude and latitude."},
	"scan_note":                {"本次运行发现 %s 个显著聚集区，%s 个单位计入指标；%s 个单位有经纬度，%s 个单位无经纬度、未参加扫描。", "This run found %s significant clusters; %s units are credited by the indicator; %s units have coordinates, %s have none and were not scanned."},
	"scan_no_coordinates":      {"单位台账没有经纬度，无法进行空间扫描。", "The units ledger has no coordinates: no spatial scan."},
	"axis_lon":                 {"经度", "Longitude"},
	"axis_lat":                 {"纬度", "Latitude"},
	"series_scan_units":        {"单位", "Units"},
	"series_scan_member":       {"聚集区内单位", "In a cluster"},
	"series_scan_credited":     {"计入指标的单位", "Credited"},
	"series_scan_circle":       {"聚集区", "Cluster"},
	"col_cluster_no":           {"序号", "No."},
	"col_centre":               {"中心单位", "Centre"},
	"col_radius_km":            {"半径（公里）", "Radius (km)"},
	"col_cluster_units":        {"单位数", "Units"},
	"col_rr":                   {"相对危险度", "Relative risk"},
	"col_p":                    {"p 值", "p"},
	"sec_treemap":              {"单位层级树图", "The hierarchy at a glance"},
	"treemap_intro":            {"面积为评分单位数，颜色为其中“高”和“较高”等级单位的占比（越红越高，括号内为其数目/单位数）；点击区县逐级展开，并在上方列表中筛选。", "Area is the number of scored units, colour the share of them in the high or elevated band (redder is more; in brackets: their number / units); click a district to open it and filter the list above."},
	"mean_score":               {"平均风险分", "Mean score"},
	"units_scored":             {"评分单位数", "Units scored"},
	"script_needed":            {"此部分由页面脚本生成：请在浏览器中打开，并保持报告文件夹（lib、data）完整。", "This part is drawn by the page's script: open it in a browser and keep the report folder (lib, data) whole."},
	"sec_benford_programs":     {"各资金项目的本福特定律检验", "Benford's law by programme"},
	"benford_intro":            {"评估窗口内评分单位全部惠民资金发放金额的前两位数字分布。MAD 为平均绝对偏差；“MAD/预期”为实际 MAD 与同样本量下符合本福特定律的数据预期 MAD 之比，约为 1 表示与偶然波动相当。固定标准的补贴（如高龄津贴）本身就不符合本福特定律，不能单凭此判断问题。", "The first two digits of every payment of the scored units in the window. MAD is the mean absolute deviation; MAD ratio is the MAD over the MAD data following Benford's law show at the same n (about 1 is chance). Fixed-amount allowances do not follow Benford's law by design: a deviation alone proves nothing."},
	"sec_benford_districts":    {"各区（市）县、各资金项目的 MAD/预期", "MAD ratio by district and programme"},
	"benford_districts_intro":  {"颜色越红，偏离越大；样本不足的组合不显示。", "Redder is further from Benford's law; combinations with too few payments are left blank."},
	"benford_programs_note":    {"按 MAD/预期 从高到低排列。", "Sorted by MAD ratio, highest first."},
	"col_program":              {"资金项目", "Programme"},
	"col_n":                    {"笔数", "Payments"},
	"col_mad":                  {"MAD", "MAD"},
	"col_mad_ratio":            {"MAD/预期", "MAD ratio"},
	"col_verdict":              {"Nigrini判定", "Nigrini verdict"},
	"sec_payment_rules":        {"资金预警规则及其单位", "Payment rules and their units"},
	"sec_asset_rules":          {"三资预警规则及其单位", "Three-assets rules and their units"},
	"rules_intro":              {"每条规则列出有预警记录的单位：记录数、涉及金额、指标值和对综合指数的贡献。点击单位查看每条记录。", "Each rule lists the units with flagged records: how many, the amount at stake, the indicator's value and its contribution. Click a unit to see every record."},
	"rule_units_note":          {"%s 共 %s 条预警记录，涉及 %s 个单位。", "%s %s flagged records in %s units."},
	"sec_lease_prices":         {"各区（市）县土地出租价格", "Lease prices by district"},
	"lease_prices_intro":       {"箱线图为评估窗口内各区（市）县出租每亩年租金的分布（对数坐标）；红点为远低于本区价格的出租，点击打开其单位画像。", "Box plots of the price per mu per year of the leases in the window, per district (log scale); red points are leases far below their district's price: click one to open its unit."},
	"series_flagged_leases":    {"远低于本区价格的出租", "Leases far below the district's price"},
	"sec_limits":               {"数据局限", "What the data could not support"},
	"limits_intro":             {"以下情况下风险分只反映已有数据，不能据此认为相关单位没有问题。", "Where these apply, scores reflect only the data there is; they are no evidence that the units concerned are clean."},
	"limit_family":             {"%s 个评分单位（共 %s 个）没有“%s”类数据，该类指标全部未计算。", "%s of %s scored units have no %s data: every indicator of that family abstained."},
	"limit_indicator":          {"“%s”对 %s 个单位（共 %s 个）未计算，最常见原因：%s。", "%s abstained for %s of %s units; the commonest reason: %s."},
	"limits_none":              {"各评分单位的各类指标均有数据。", "Every family of indicators had data for every scored unit."},
	"sec_sources":              {"数据口径与来源", "Where each figure comes from"},
	"sources_intro":            {"每个数字和图表均由一条命名查询计算（报告程序 dashboards/queries 目录下同名 .sql 文件），可据此追溯核对。", "Each figure and chart is computed by one named query (the .sql file of that name in the program's dashboards/queries folder), by which it can be traced."},
	"fact_reminder":            {"案件易发多发", "Frequent cases"},
	"nav_validation":           {"模型验证", "Validation"},
	"sec_backtests":            {"回溯检验：评分能否预见此后发生的问题", "Backtests: did the score foretell what followed?"},
	"backtests_intro":          {"每次回溯检验只用评估日当时已有的数据打分，再与此后一段时期内的结果比较：立案、线索查实立案、巡察暗访发现问题。AUC 为随机取一个有结果单位与一个无结果单位、前者得分更高的概率（0.5 为随机水平）；“按风险分”为按得分选取 k 个单位时其中有结果的单位数，“按轮次”为按最久未巡察优先选取，“随机”为随机选取的期望值。", "Each backtest scores with only the data known at its date, then compares with what followed: cases filed, leads that led to a case, tours and visits that found problems. AUC is the chance that a unit with an outcome scores above one without (0.5 is chance); by score, by rotation and at random are the units with an outcome among k chosen by score, by the longest time untoured, and (expected) at random."},
	"backtests_none":           {"尚无回溯检验。运行 microrisk backtest --as-of 日期 后重新生成报告。", "No backtest yet. Run microrisk backtest --as-of DATE, then write the report again."},
	"backtests_truncated":      {"* 数据截止早于设定的观察期，结果只统计到数据截止日。", "* The data end before the horizon; outcomes are counted up to their end."},
	"col_backtest":             {"检验编号", "Backtest"},
	"col_horizon_end":          {"观察至", "Outcomes to"},
	"col_positives":            {"有结果的单位", "Units with an outcome"},
	"col_auc":                  {"AUC", "AUC"},
	"col_baseline_auc":         {"简单计数的AUC", "AUC of the naive count"},
	"col_k":                    {"计划容量k", "Capacity k"},
	"col_lift_rotation":        {"相对轮次", "Over rotation"},
	"col_outcome_rate":         {"有结果单位占比", "Share with an outcome"},
	"series_by_score":          {"按风险分", "By score"},
	"series_by_rotation":       {"按轮次", "By rotation"},
	"series_at_random":         {"随机", "At random"},
	"sec_aucs":                 {"各指标与各类别的AUC（最近一次检验）", "AUC of each indicator and family (latest backtest)"},
	"aucs_intro":               {"竖线为0.5（随机水平）。检验：", "The line is 0.5 (chance). Backtest:"},
	"sec_calibration":          {"各等级的结果发生率", "Outcome rate by band"},
	"calibration_intro":        {"等级越高，此后发生问题的单位占比应越高。", "The higher the band, the larger the share of units with an outcome should be."},
	"funnel_od":                {"控制限已按过度离散调整（%s法：φ = %.2f，τ² = %.4f）。", "The limits allow for overdispersion (%s method: φ = %.2f, τ² = %.4f)."},
	"filter":                   {"筛选", "Filter"},
	"filter_rows":              {"输入任意文字筛选本表", "type to filter this table"},
	"letter_html":              {"打印版", "Print"},
	"letter_docx":              {"Word版", "Word"},
	"col_letter":               {"提醒函草稿", "Draft letter"},
	"ledger_cases":             {"案件", "cases"},
	"ledger_reports":           {"信访举报", "reports"},
	"ledger_leads":             {"问题线索", "leads"},
	"ledger_payments":          {"惠民资金发放", "payments"},
	"ledger_assets":            {"集体三资", "assets"},
	"ledger_inspections":       {"巡察", "inspections"},
	"ledger_actions":           {"约谈问责", "actions"},
	"ledger_surveys":           {"群众满意度", "surveys"},
	"ledger_registers":         {"比对登记", "registers"},
}

// init adds unitMessages to messages; a key in both is a bug.
func init() {
	for k, v := range unitMessages {
		if _, dup := messages[k]; dup {
			panic("dashboards: message " + k + " declared twice")
		}
		messages[k] = v
	}
}

// pageText is the JSON the page scripts read their strings from: every UI
// string of the language and the labels of levels, unit kinds and bands.
func (t translator) pageText() (template.JS, error) {
	m := map[string]string{}
	for k, v := range messages {
		m[k] = v[t.idx()]
	}
	for _, v := range model.Levels.Values {
		m["level_"+v.Code] = t.pick(v.Zh, v.En)
	}
	for _, v := range model.UnitKinds.Values {
		m["kind_"+v.Code] = t.pick(v.Zh, v.En)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

// eventText describes a timeline event from its codes and count.
func (t translator) eventText(kind, a, b string, n *int64) string {
	count := "—"
	if n != nil {
		count = fmtInt(*n)
	}
	var key string
	var args []any
	switch kind {
	case "case":
		key, args = "ev_case", []any{t.label(model.Domains, a), t.label(model.Violations, b), count}
	case "lead", "key_lead":
		key, args = "ev_lead", []any{t.label(model.LeadStatuses, a), t.label(model.LeadOutcomes, b)}
	case "report":
		key, args = "ev_report", []any{t.label(model.ReportCategories, a), t.label(model.Channels, b)}
	case "routine_tour", "special_tour", "unannounced_visit":
		key, args = "ev_tour", []any{count}
	default:
		key, args = "ev_action", []any{count}
	}
	s, err := t.T(key)
	if err != nil {
		return kind
	}
	return fmt.Sprintf(s, args...)
}

// label is an enum code's label, "—" for none.
func (t translator) label(e *model.Enum, code string) string {
	if code == "" {
		return "—"
	}
	return e.Label(code, t.lang)
}

// abstention keeps the page's language of an abstention, which risk stores
// as "中文 / English".
func (t translator) abstention(s string) string {
	zh, en, ok := strings.Cut(s, " / ")
	if !ok {
		return s
	}
	return t.pick(zh, en)
}

// familyLabel names a family of indicators.
func (t translator) familyLabel(f string) string {
	if s, err := t.T("family_" + f); err == nil {
		return s
	}
	return f
}

// ruleTitle names an indicator in the language.
func (t translator) ruleTitle(id string) string {
	if ind, ok := risk.IndicatorByID(id); ok {
		return t.pick(ind.TitleZh, ind.TitleEn)
	}
	return id
}
