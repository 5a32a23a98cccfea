package letters_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/microrisk/microrisk/docx"
	"github.com/microrisk/microrisk/letters"
)

// A reminder to a village about duplicate benefit payments, read back from
// its .docx.
func Example() {
	amt := 1250.0
	l := letters.Letter{
		Seq:   1,
		RunID: "20170531-01",
		Unit: letters.Unit{ID: "510183101001", Name: "团结村", Level: "village", Kind: "village",
			Path: []string{"成都市", "邛崃市", "平乐镇", "团结村"}},
		AsOf:       time.Date(2017, 5, 31, 0, 0, 0, 0, time.UTC),
		PeriodFrom: time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC),
		Facts: []letters.Fact{{Family: "payments", Title: "同月重复发放",
			Text: "24个月内同一人同一项目同月重复发放2笔（每千笔211.2笔，全市8.4笔）"}},
		Evidence: []letters.Evidence{
			{Rule: "同月重复发放", Ledger: "payments", RecordID: "P00012", Date: "2016-03-15", Amount: &amt, Reason: "与P00011同人同项目同月"},
			{Rule: "同月重复发放", Ledger: "payments", RecordID: "P00011", Date: "2016-03-02", Amount: &amt, Reason: "与P00012同人同项目同月"},
		},
	}
	fmt.Println(l.Addressee())
	fmt.Println(letters.FileName(l.Unit.ID))
	b, err := l.DOCX()
	if err != nil {
		fmt.Println(err)
		return
	}
	text, err := docx.ReadText(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(text, "\n") {
		fmt.Println(strings.TrimRight(line, "\u00a0 "))
	}
	// Output:
	// 中共邛崃市平乐镇团结村支部委员会
	// 510183101001
	// 草稿·须经核实
	// ××纪函〔20××〕××号
	//
	// 关于平乐镇团结村
	// 惠民资金发放问题的工作提醒函
	// 中共邛崃市平乐镇团结村支部委员会：
	// 我委对你村2015年6月1日至2017年5月31日的惠民资金发放台账数据进行了分析比对，发现以下问题，提示相关领域存在微腐败风险。现予以提醒，请你村高度重视。
	// 一、发现的主要问题
	// （一）同月重复发放。24个月内同一人同一项目同月重复发放2笔（每千笔211.2笔，全市8.4笔）。
	// 上述问题涉及的预警记录共2条，详见附件。
	// 二、工作要求
	// （一）认真开展自查自纠。请对上述问题和附件所列记录逐项核查，查清事实和原因。属于政策规定（如集中供养、定额补助）、经集体决策或数据差错等情形的，请逐条说明并附依据。
	// （二）切实抓好整改落实。对核实存在的问题，要立行立改；涉及违规发放、侵占资金的，及时追回；健全制度，堵塞管理漏洞，防止问题反弹。
	// （三）严肃追责问责。对核查中发现的违规违纪问题，依规依纪依法严肃处理；涉及党员、干部违纪违法的问题线索，及时报送我委。
	// （四）按时书面回复。请于收到本函之日起30日内（即20××年×月×日前），将自查自纠和整改落实情况形成书面报告报送我委。
	// 三、联系方式
	// 联系人：〔　　　　〕　联系电话：〔　　　　〕
	//
	// 附件：预警记录清单
	//
	// 〔　　　　〕
	// 20××年×月×日
	// （此件为草稿，由microrisk根据数据分析生成：运行编号20170531-01，第1号提醒，单位编码510183101001，数据截至2017年5月31日。所列问题和记录须经核实，发文机关、字号、日期和联系方式须填写后方可印发，印发时删除本附注。）
	// 附件
	// 预警记录清单
	// 平乐镇团结村（单位编码510183101001）2015年6月1日至2017年5月31日的预警记录共2条。
	// 序号	指标	台账	记录编号	日期	金额（元）	情况
	// 1	同月重复发放	惠民资金发放	P00012	2016-03-15	1,250.00	与P00011同人同项目同月
	// 2	同月重复发放	惠民资金发放	P00011	2016-03-02	1,250.00	与P00012同人同项目同月
}
