package model

// The eleven ledgers of DESIGN.md's input contract. Column order is the
// contract's order; the generator writes it and exports keep it.

func col(name, zh string, t Type, aliases ...string) Column {
	return Column{Name: name, Zh: zh, Type: t, Aliases: aliases}
}

func req(c Column) Column { c.Required = true; return c }

// personal declares how a column's personal data is protected.
func personal(c Column, p Personal) Column { c.Personal = p; return c }

func enum(c Column, e *Enum) Column { c.Enum = e; return c }

func unitRef(aliases ...string) Column {
	return req(col("unit_id", "单位编码", UnitRef, append([]string{"单位代码", "单位ID", "机构编码"}, aliases...)...))
}

var (
	// Units is the organisational tree.
	Units = &Ledger{Name: "units", Zh: "单位", Key: []string{"unit_id"}, Columns: []Column{
		req(col("unit_id", "单位编码", Text, "单位代码", "单位ID", "机构编码")),
		req(col("name", "单位名称", Text, "名称", "机构名称")),
		req(enum(col("level", "层级", Code, "单位层级", "级别"), Levels)),
		col("parent_id", "上级单位编码", Text, "上级编码", "上级单位代码"),
		enum(col("kind", "单位类型", Code, "类型"), UnitKinds),
		col("population", "人口", Int, "服务人口", "户籍人口"),
		col("staff", "干部职工人数", Int, "人员数", "编制人数", "干部人数"),
		Column{Name: "longitude", Zh: "经度", Type: Float, Aliases: []string{"经度坐标", "东经", "lon", "lng"}, Min: -180, Max: 180},
		Column{Name: "latitude", Zh: "纬度", Type: Float, Aliases: []string{"纬度坐标", "北纬", "lat"}, Min: -90, Max: 90},
	}}
	// Cases are disciplinary cases filed (立案).
	Cases = &Ledger{Name: "cases", Zh: "案件", Key: []string{"case_id"}, Columns: []Column{
		req(col("case_id", "案件编号", Text, "案号", "立案编号")),
		unitRef("发案单位编码"),
		req(col("filed_on", "立案日期", Date, "立案时间")),
		enum(col("domain", "领域", Code, "问题领域", "所属领域"), Domains),
		enum(col("violation", "违纪类型", Code, "问题类型", "违纪违法类型"), Violations),
		enum(col("source", "线索来源", Code, "案件来源"), CaseSources),
		col("persons", "涉案人数", Int, "涉及人数"),
		col("sanctioned", "处分人数", Int, "给予处分人数"),
		col("leaders_accountable", "追责领导人数", Int, "责任追究人数", "一案双查人数"),
		col("amount_yuan", "涉案金额", Amount, "涉案金额(元)", "金额"),
		col("exposed", "是否通报曝光", Bool, "通报曝光", "曝光"),
		col("closed_on", "结案日期", Date, "结案时间"),
	}}
	// Reports are reports from the public (信访举报).
	Reports = &Ledger{Name: "reports", Zh: "信访举报", Key: []string{"report_id"}, Columns: []Column{
		req(col("report_id", "信访编号", Text, "举报编号", "件号")),
		unitRef("被反映单位编码"),
		req(col("received_on", "收件日期", Date, "受理日期", "来信来访日期")),
		enum(col("channel", "举报渠道", Code, "渠道", "来源渠道"), Channels),
		enum(col("category", "信访类别", Code, "类别", "性质"), ReportCategories),
		enum(col("domain", "领域", Code, "问题领域"), Domains),
		col("status", "办理状态", Text, "状态"),
		col("closed_on", "办结日期", Date, "办结时间"),
		personal(col("accused_id", "被反映人身份证号", PersonID, "被举报人身份证号"), Pseudonymised),
	}}
	// Leads are the ledger of problem leads (问题线索台账).
	Leads = &Ledger{Name: "leads", Zh: "问题线索", Key: []string{"lead_id"}, Columns: []Column{
		req(col("lead_id", "线索编号", Text, "编号")),
		unitRef("涉及单位编码"),
		req(col("received_on", "受理日期", Date, "收到日期", "登记日期")),
		col("source", "线索来源", Text, "来源"),
		col("key_lead", "是否重点线索", Bool, "重点线索", "重要线索"),
		enum(col("status", "办理状态", Code, "状态", "销号状态"), LeadStatuses),
		col("closed_on", "销号日期", Date, "办结日期"),
		enum(col("outcome", "处置结果", Code, "办理结果", "处置方式"), LeadOutcomes),
	}}
	// Inspections are inspection tours and unannounced visits.
	Inspections = &Ledger{Name: "inspections", Zh: "巡察", Key: []string{"inspection_id"}, Columns: []Column{
		req(col("inspection_id", "巡察编号", Text, "编号")),
		unitRef("被巡察单位编码"),
		req(enum(col("kind", "巡察类型", Code, "类型", "方式"), InspectionKinds)),
		req(col("start_on", "开始日期", Date, "进驻日期")),
		col("end_on", "结束日期", Date, "撤离日期"),
		col("problems_found", "发现问题数", Int, "发现问题"),
		col("problems_rectified", "整改完成数", Int, "已整改问题数", "整改数"),
		col("leads_transferred", "移交线索数", Int, "移交问题线索"),
		col("persons_handled", "处理人数", Int, "组织处理和处分人数"),
	}}
	// Payments are special-fund and benefit payments.
	Payments = &Ledger{Name: "payments", Zh: "惠民资金发放", Key: []string{"payment_id"}, Columns: []Column{
		req(col("payment_id", "发放编号", Text, "流水号", "编号")),
		unitRef("发放单位编码"),
		req(col("program", "资金项目", Text, "项目", "补贴项目", "资金名称")),
		req(personal(col("payee_id", "领取人身份证号", PersonID, "身份证号", "公民身份号码", "领取人证件号"), Pseudonymised)),
		req(col("amount_yuan", "发放金额", Amount, "金额", "发放金额(元)")),
		req(col("paid_on", "发放日期", Date, "发放时间")),
		personal(col("payee_name", "领取人姓名", Text, "姓名"), MaskedName),
		personal(col("account_no", "银行账号", Account, "账号", "卡号", "一卡通账号"), Pseudonymised),
		personal(col("approver_id", "审批人身份证号", PersonID, "审批人"), Pseudonymised),
	}}
	// Assets are transactions of village collectives' three assets.
	Assets = &Ledger{Name: "assets", Zh: "集体三资", Key: []string{"txn_id"}, Columns: []Column{
		req(col("txn_id", "业务编号", Text, "流水号", "编号")),
		unitRef("集体经济组织编码"),
		req(enum(col("category", "三资类别", Code, "类别"), AssetCategories)),
		req(enum(col("kind", "业务类型", Code, "类型"), AssetKinds)),
		req(col("amount_yuan", "金额", Amount, "金额(元)", "合同金额")),
		req(col("txn_on", "业务日期", Date, "日期", "签订日期")),
		personal(col("counterparty_id", "对方证件号码", PartyID, "对方身份证号", "承租人身份证号", "对方证件号", "统一社会信用代码"), Pseudonymised),
		personal(col("counterparty_name", "对方名称", Text, "承租人", "对方单位"), MaskedPartyName),
		col("area_mu", "面积(亩)", Float, "面积", "亩数"),
		col("term_years", "期限(年)", Float, "期限", "租期"),
		col("public_bidding", "是否公开招标", Bool, "公开招标", "公开竞价"),
		col("approved", "是否经审批", Bool, "审批", "民主决策"),
	}}
	// Relations are cadres and their relatives.
	Relations = &Ledger{Name: "relations", Zh: "亲属关系", Key: []string{"person_id", "related_id"}, Columns: []Column{
		req(personal(col("person_id", "干部身份证号", PersonID, "身份证号"), Pseudonymised)),
		req(personal(col("related_id", "亲属身份证号", PersonID, "关系人身份证号"), Pseudonymised)),
		req(enum(col("relation", "关系", Code, "亲属关系", "称谓"), RelationKinds)),
		col("unit_id", "任职单位编码", UnitRef, "单位编码"),
		col("role", "职务", Text, "岗位"),
	}}
	// Actions are accountability actions taken against units.
	Actions = &Ledger{Name: "actions", Zh: "约谈问责", Key: []string{"action_id"}, Columns: []Column{
		req(col("action_id", "编号", Text, "措施编号")),
		unitRef("对象单位编码"),
		req(enum(col("kind", "措施类型", Code, "类型"), ActionKinds)),
		req(col("taken_on", "日期", Date, "实施日期")),
		col("persons", "人数", Int, "涉及人数"),
	}}
	// Surveys are public-satisfaction indices.
	Surveys = &Ledger{Name: "surveys", Zh: "群众满意度", Key: []string{"unit_id", "period"}, Columns: []Column{
		unitRef(),
		req(col("period", "期间", Period, "年度", "时期")),
		req(Column{Name: "index", Zh: "满意度指数", Type: Float, Aliases: []string{"满意度", "指数"}, Min: 0, Max: 100}),
		col("respondents", "样本数", Int, "受访人数"),
	}}
	// RegisterEntries are other registers to match payees against.
	RegisterEntries = &Ledger{Name: "registers", Zh: "比对登记", Key: []string{"register", "person_id"}, Columns: []Column{
		req(enum(col("register", "登记类别", Code, "类别", "库名"), Registers)),
		req(personal(col("person_id", "身份证号", PersonID, "公民身份号码"), Pseudonymised)),
		col("since", "起始日期", Date, "登记日期", "死亡日期"),
		col("until", "终止日期", Date, "注销日期"),
		col("unit_id", "单位编码", UnitRef, "所在单位编码"),
	}}
)

// Dispositions are what a tour or a work reminder found (处置结果): the
// outcome of a proposed target (its target_id, as the plan prints it), of
// one flagged record (its flag_id) or of a unit. They give each rule its
// live precision and each target its status across runs. A disposition
// must name a target, a flag or a unit; one naming a target or a flag that
// no run proposed is a reject (risk.CheckDispositions).
var Dispositions = &Ledger{Name: "dispositions", Zh: "处置结果", Key: []string{"disposition_id"}, Outcomes: true, Columns: []Column{
	req(col("disposition_id", "处置编号", Text, "结果编号", "处置结果编号")),
	req(col("decided_on", "处置日期", Date, "认定日期", "办结日期", "反馈日期")),
	req(enum(col("result", "核查结论", Code, "核查结果", "结论", "认定结果"), DispositionResults)),
	col("target_id", "对象编号", Text, "巡察对象编号", "提醒对象编号", "目标编号"),
	col("flag_id", "预警编号", Text, "预警记录编号", "疑点编号"),
	col("unit_id", "单位编码", UnitRef, "单位代码", "被巡察单位编码"),
	col("money_recovered_yuan", "追缴挽回金额", Amount, "挽回损失", "追回资金", "追缴金额"),
	col("persons_disciplined", "处理人数", Int, "处分人数", "组织处理和处分人数"),
}}

// DispositionResults are the findings of a check.
var DispositionResults = &Enum{Name: "disposition_result", Values: []EnumValue{
	ev("confirmed", "属实", "confirmed", "查实", "基本属实"),
	ev("partly_confirmed", "部分属实", "partly confirmed", "部分查实"),
	ev("unfounded", "不属实", "unfounded", "查无实据", "失实"),
	ev("not_checked", "未核查", "not checked", "暂未核查", "未查"),
}}
