package model

import "strings"

// Enum is a closed set of codes. Ledgers store the English code; readers
// also accept the Chinese label or any alias.
type Enum struct {
	Name   string
	Values []EnumValue
}

// EnumValue is one member of an Enum.
type EnumValue struct {
	Code    string   // stored value, e.g. "hotline_12388"
	Zh      string   // Chinese label, e.g. "12388热线"
	En      string   // English label for reports
	Aliases []string // other spellings seen in exports
}

// Label returns the label of code in lang ("zh" or "en"); an unknown code is
// returned as it is.
func (e *Enum) Label(code, lang string) string {
	for _, v := range e.Values {
		if v.Code == code {
			if lang == "en" {
				return v.En
			}
			return v.Zh
		}
	}
	return code
}

// Codes returns the enum's codes in declaration order.
func (e *Enum) Codes() []string {
	out := make([]string, len(e.Values))
	for i, v := range e.Values {
		out[i] = v.Code
	}
	return out
}

// Spellings returns every accepted spelling mapped to its code: the code,
// the Chinese label, the English label and the aliases. Keys are as written;
// callers normalise both sides the same way before comparing.
func (e *Enum) Spellings() map[string]string {
	m := make(map[string]string)
	for _, v := range e.Values {
		for _, s := range append([]string{v.Code, v.Zh, v.En}, v.Aliases...) {
			if s != "" {
				m[s] = v.Code
			}
		}
	}
	return m
}

// Lookup finds the code for a spelling, ignoring case and surrounding space.
func (e *Enum) Lookup(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for sp, code := range e.Spellings() {
		if strings.EqualFold(sp, s) {
			return code, true
		}
	}
	return "", false
}

func ev(code, zh, en string, aliases ...string) EnumValue {
	return EnumValue{Code: code, Zh: zh, En: en, Aliases: aliases}
}

// The enumerations of the input contract (DESIGN.md).
var (
	Levels = &Enum{Name: "level", Values: []EnumValue{
		ev("province", "省", "province", "省级", "自治区"),
		ev("city", "市", "city", "市级", "地级市", "州", "自治州"),
		ev("district", "区(市)县", "district", "区县", "区", "县", "县级"),
		ev("township", "乡镇(街道)", "township/street", "乡镇", "街道", "乡镇街道"),
		ev("village", "村(社区)", "village/community", "村", "社区", "村社区"),
		ev("station", "基层站所", "grassroots station", "站所"),
	}}
	UnitKinds = &Enum{Name: "unit_kind", Values: []EnumValue{
		ev("street", "街道", "street"),
		ev("township", "乡镇", "township", "乡", "镇"),
		ev("village", "村", "village", "行政村"),
		ev("community", "社区", "community"),
		ev("station", "站所", "station"),
		ev("window", "窗口", "service window", "服务窗口"),
		ev("school", "学校", "school"),
		ev("hospital", "医院", "hospital", "卫生院"),
		ev("other", "其他", "other"),
	}}
	Domains = &Enum{Name: "domain", Values: []EnumValue{
		ev("poverty_relief", "脱贫攻坚", "poverty relief", "扶贫"),
		ev("benefits", "惠民政策", "benefit policies", "惠民"),
		ev("special_funds", "专项资金", "special funds"),
		ev("three_assets", "集体三资", "collective three assets", "三资", "集体“三资”"),
		ev("land", "土地整理流转", "land consolidation and transfer", "土地"),
		ev("law_enforcement", "执法", "law enforcement"),
		ev("regulation", "监管", "regulation"),
		ev("public_service", "公共服务", "public service", "窗口服务"),
		ev("inaction", "不作为慢作为", "inaction", "不作为"),
		ev("education", "教育", "education"),
		ev("health", "医疗", "health care", "医疗卫生"),
		ev("food_safety", "食品安全", "food safety"),
		ev("environment", "环境保护", "environment", "环保"),
		ev("other", "其他", "other"),
	}}
	Violations = &Enum{Name: "violation", Values: []EnumValue{
		ev("embezzlement", "侵占", "embezzlement", "贪污侵占"),
		ev("misappropriation", "挪用", "misappropriation"),
		ev("bribery", "受贿", "bribery", "索贿受贿"),
		ev("fraud", "弄虚作假", "fraud"),
		ev("dereliction", "失职渎职", "dereliction of duty", "失职失责"),
		ev("favouritism", "优亲厚友", "favouritism"),
		ev("inaction", "不作为", "inaction", "慢作为"),
		ev("other", "其他", "other"),
	}}
	CaseSources = &Enum{Name: "case_source", Values: []EnumValue{
		ev("petition", "信访举报", "petition or report", "信访"),
		ev("inspection_tour", "巡察", "inspection tour", "巡察移交"),
		ev("unannounced_visit", "明察暗访", "unannounced visit"),
		ev("referral", "部门移交", "referral", "职能部门移交"),
		ev("audit", "审计", "audit", "审计移交"),
		ev("self_report", "主动交代", "self report", "主动投案"),
		ev("other", "其他", "other"),
	}}
	Channels = &Enum{Name: "channel", Values: []EnumValue{
		ev("hotline_12388", "12388热线", "12388 hotline", "12388", "电话"),
		ev("web", "网络举报", "web", "网络", "网站"),
		ev("letter", "来信", "letter", "信件"),
		ev("visit", "来访", "visit", "走访"),
		ev("wechat", "微信", "WeChat", "微信举报"),
		ev("other", "其他", "other"),
	}}
	ReportCategories = &Enum{Name: "report_category", Values: []EnumValue{
		ev("accusation", "检控类", "accusation", "检举控告", "检举控告类"),
		ev("complaint", "申诉类", "complaint", "申诉"),
		ev("suggestion", "意见建议类", "suggestion", "批评建议"),
		ev("other", "其他", "other"),
	}}
	LeadStatuses = &Enum{Name: "lead_status", Values: []EnumValue{
		ev("open", "未办结", "open", "待办", "未销号"),
		ev("in_progress", "办理中", "in progress", "在办"),
		ev("closed", "已销号", "closed", "已办结", "办结"),
	}}
	LeadOutcomes = &Enum{Name: "lead_outcome", Values: []EnumValue{
		ev("case_filed", "已立案", "case filed", "立案"),
		ev("no_basis", "查无实据", "no basis", "了结"),
		ev("transferred", "已移交", "transferred", "移交"),
		ev("other", "其他", "other"),
	}}
	InspectionKinds = &Enum{Name: "inspection_kind", Values: []EnumValue{
		ev("routine_tour", "常规巡察", "routine tour"),
		ev("special_tour", "专项巡察", "special tour"),
		ev("unannounced_visit", "明察暗访", "unannounced visit"),
	}}
	AssetCategories = &Enum{Name: "asset_category", Values: []EnumValue{
		ev("funds", "资金", "funds"),
		ev("assets", "资产", "assets"),
		ev("resources", "资源", "resources"),
	}}
	AssetKinds = &Enum{Name: "asset_kind", Values: []EnumValue{
		ev("income", "收入", "income"),
		ev("expense", "支出", "expense"),
		ev("lease", "租赁", "lease", "出租", "流转"),
		ev("sale", "出售", "sale", "转让"),
		ev("contract", "发包", "contract", "承包"),
		ev("other", "其他", "other"),
	}}
	RelationKinds = &Enum{Name: "relation", Values: []EnumValue{
		ev("spouse", "配偶", "spouse", "夫妻"),
		ev("child", "子女", "child"),
		ev("parent", "父母", "parent"),
		ev("sibling", "兄弟姐妹", "sibling"),
		ev("other", "其他", "other", "其他亲属"),
	}}
	ActionKinds = &Enum{Name: "action_kind", Values: []EnumValue{
		ev("talk", "约谈", "talk", "约谈提醒"),
		ev("accountability", "问责", "accountability", "问责追究"),
		ev("warning_letter", "工作提醒", "work reminder", "工作提示函", "书面提醒"),
		ev("exposure", "通报曝光", "exposure", "曝光"),
		ev("democratic_meeting", "专题民主生活会", "democratic meeting", "民主生活会"),
	}}
	Registers = &Enum{Name: "register", Values: []EnumValue{
		ev("deceased", "死亡人员", "deceased", "死亡"),
		ev("public_employee", "财政供养人员", "public employee", "财政供养"),
		ev("cadre", "干部", "cadre", "村干部"),
		ev("vehicle_owner", "车辆登记", "vehicle owner", "车辆"),
		ev("property_owner", "房产登记", "property owner", "房产"),
		ev("business_owner", "工商登记", "business owner", "工商"),
	}}
)

// ScoredLevels are the levels the risk model scores: townships/streets,
// villages/communities and grassroots stations.
var ScoredLevels = []string{"township", "village", "station"}
