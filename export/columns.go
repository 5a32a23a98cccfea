package export

import (
	"slices"
	"strings"

	"github.com/microrisk/microrisk/risk"
)

// Column describes a column of a table: its machine name and, for people,
// its headers and the kind of value it holds.
type Column struct {
	// Name is the machine name: the CSV header, the JSON key and the
	// column's stable identifier.
	Name string
	// Zh and En are the headers a person reads in a workbook ("" for Name).
	Zh, En string
	// Kind says how a workbook shows the values.
	Kind Kind
}

// Header returns c's header in lang: Zh, En, or the machine name when lang
// is Names or the header is not set.
func (c Column) Header(lang Lang) string {
	switch {
	case lang == Zh && c.Zh != "":
		return c.Zh
	case lang == En && c.En != "":
		return c.En
	}
	return c.Name
}

// Kind is the kind of value a column holds. It sets the number format of
// the column's cells in a workbook; CSV and JSON write values as they are.
type Kind int

const (
	// Auto writes values as they come, numbers in the General format.
	Auto Kind = iota
	// Text is text (format @), such as codes with leading zeros.
	Text
	// Int is whole numbers: counts, ranks, row numbers (format 0).
	Int
	// Amount is money in yuan, with thousands separators and two
	// decimals (#,##0.00).
	Amount
	// Rate is a rate, ratio or standardised value, to three decimals
	// (0.000).
	Rate
	// Score is a 0–100 score, to two decimals (0.00).
	Score
	// Number is any other measure, in the General format.
	Number
	// Date is a date: a real date cell shown as yyyy-mm-dd.
	Date
	// Time is a date and time: a real date cell shown as yyyy-mm-dd hh:mm:ss.
	Time
	// Bool is yes or no, written as 是/否 (or yes/no) in a workbook.
	Bool
)

// Lang is the language of a workbook's headers and sheet names.
type Lang string

// The languages of headers. Names, the zero value, keeps the machine names.
const (
	Names Lang = ""
	Zh    Lang = "zh"
	En    Lang = "en"
)

// Langs lists the languages a user may ask for.
var Langs = []Lang{Zh, En}

// decl declares one exported table for people: its sheet titles and its
// columns. Columns not declared (the scores' indicator columns) are Auto
// with their machine name as header.
type decl struct {
	Zh, En  string
	Columns []Column
}

// unitColumns are the columns that name a unit, in every per-unit export.
var unitColumns = []Column{
	{Name: "unit_id", Zh: "单位编码", En: "Unit code", Kind: Text},
	{Name: "name", Zh: "单位名称", En: "Unit", Kind: Text},
	{Name: "level", Zh: "层级", En: "Level", Kind: Text},
	{Name: "district_id", Zh: "所属区县编码", En: "District code", Kind: Text},
}

// withUnit returns the unit's columns followed by cols.
func withUnit(cols ...Column) []Column {
	return append(slices.Clone(unitColumns), cols...)
}

// decls declares the exports' sheet titles and columns.
var decls = map[What]decl{
	Scores: {"风险评分", "Scores", withUnit(
		Column{Name: "score", Zh: "风险分（0–100，百分位）", En: "Score (0–100, percentile)", Kind: Score},
		Column{Name: "rank", Zh: "排名", En: "Rank", Kind: Int},
		Column{Name: "band", Zh: "风险等级", En: "Band", Kind: Text},
		Column{Name: "reasons", Zh: "主要原因", En: "Reasons (Chinese)", Kind: Text},
		Column{Name: "reasons_en", Zh: "主要原因（英文）", En: "Reasons", Kind: Text},
		Column{Name: "composite", Zh: "综合指数", En: "Composite", Kind: Rate},
	)},
	Families: {"分类得分", "Family scores", withUnit(
		Column{Name: "family", Zh: "指标类别", En: "Family", Kind: Text},
		Column{Name: "composite", Zh: "贡献之和", En: "Sum of contributions", Kind: Rate},
		Column{Name: "score", Zh: "类别百分位（0–100）", En: "Family percentile (0–100)", Kind: Score},
	)},
	Flags: {"预警记录", "Flags", withUnit(
		Column{Name: "rule", Zh: "规则", En: "Rule", Kind: Text},
		Column{Name: "ledger", Zh: "台账", En: "Ledger", Kind: Text},
		Column{Name: "record_id", Zh: "记录编号", En: "Record", Kind: Text},
		Column{Name: "record_on", Zh: "日期", En: "Date", Kind: Date},
		Column{Name: "amount", Zh: "涉及金额（元）", En: "Amount at stake (yuan)", Kind: Amount},
		Column{Name: "reason_zh", Zh: "预警原因", En: "Reason (Chinese)", Kind: Text},
		Column{Name: "reason_en", Zh: "预警原因（英文）", En: "Reason", Kind: Text},
		Column{Name: "figures", Zh: "依据数据", En: "Figures", Kind: Text},
		Column{Name: "source_file", Zh: "来源文件", En: "Source file", Kind: Text},
		Column{Name: "source_sheet", Zh: "工作表", En: "Sheet", Kind: Text},
		Column{Name: "source_row", Zh: "来源行号", En: "Source row", Kind: Int},
	)},
	Indicators: {"指标明细", "Indicators", withUnit(
		Column{Name: "indicator", Zh: "指标", En: "Indicator", Kind: Text},
		Column{Name: "value", Zh: "指标值", En: "Value", Kind: Number},
		Column{Name: "observed", Zh: "观测值", En: "Observed", Kind: Number},
		Column{Name: "expected", Zh: "期望值", En: "Expected", Kind: Rate},
		Column{Name: "std", Zh: "标准化值", En: "Standardised", Kind: Rate},
		Column{Name: "contribution", Zh: "对总分的贡献", En: "Contribution", Kind: Rate},
		Column{Name: "abstain", Zh: "未计算原因", En: "Why abstained", Kind: Text},
		Column{Name: "at_stake", Zh: "涉及金额（元）", En: "At stake (yuan)", Kind: Amount},
	)},
	Targets: {"提醒与巡察对象", "Targets", targetColumns},
	Rejects: {"未入库记录", "Rejects", []Column{
		{Name: "batch_id", Zh: "批次", En: "Batch", Kind: Int},
		{Name: "ledger", Zh: "台账", En: "Ledger", Kind: Text},
		{Name: "file", Zh: "文件", En: "File", Kind: Text},
		{Name: "sheet", Zh: "工作表", En: "Sheet", Kind: Text},
		{Name: "row", Zh: "行号", En: "Row", Kind: Int},
		{Name: "column", Zh: "列", En: "Column", Kind: Text},
		{Name: "value", Zh: "原值", En: "Value", Kind: Text},
		{Name: "reason", Zh: "原因", En: "Reason", Kind: Text},
	}},
}

// Title returns the name of w's sheet in lang (the machine name for Names).
func (w What) Title(lang Lang) string {
	e, ok := decls[w]
	switch {
	case ok && lang == Zh:
		return e.Zh
	case ok && lang == En:
		return e.En
	}
	return string(w)
}

// describe returns the columns of w named names, with the metadata w
// declares for each; an indicator's or a family's column (in the scores)
// is headed by its title.
func describe(w What, names []string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Name: n}
		if ind, ok := risk.IndicatorByID(n); ok {
			out[i] = Column{Name: n, Zh: ind.TitleZh, En: ind.TitleEn, Kind: Rate}
		}
		if f, ok := strings.CutPrefix(n, "family_"); ok {
			out[i] = Column{Name: n, Zh: familyZh[f] + "（类别百分位）", En: f + " (family percentile)", Kind: Score}
		}
		for _, c := range decls[w].Columns {
			if c.Name == n {
				out[i] = c
				break
			}
		}
	}
	return out
}

// familyZh names the families of indicators in Chinese.
var familyZh = map[string]string{
	risk.FamilyCases: "案件", risk.FamilyReports: "信访举报", risk.FamilyLeads: "问题线索",
	risk.FamilyTrend: "趋势", risk.FamilyPayments: "惠民资金", risk.FamilyAssets: "集体三资",
	risk.FamilyOversight: "监督覆盖", risk.FamilyHistory: "问责历史", risk.FamilySatisfaction: "群众满意度",
}

// Names returns the machine names of t's columns.
func (t *Table) Names() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}
