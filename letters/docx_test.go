package letters_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/docx"
	"github.com/microrisk/microrisk/letters"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// docxText renders l as a .docx and reads its text back.
func docxText(t *testing.T, l letters.Letter) string {
	t.Helper()
	b, err := l.DOCX()
	if err != nil {
		t.Fatal(err)
	}
	text, err := docx.ReadText(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// TestDOCXText reads the sample letters back and checks each part of the
// content, then compares the whole text with testdata/sample-<lang>.txt
// (go test -update rewrites it).
func TestDOCXText(t *testing.T) {
	tests := []struct {
		lang string
		want []string // lines that must be in the text, each whole
		has  []string // substrings that must be in the text
	}{
		{"zh", []string{
			"草稿·须经核实",
			"××纪函〔20××〕××号",
			"关于平乐镇团结村惠民资金发放和\n集体“三资”管理问题的工作提醒函",
			"中共邛崃市平乐镇团结村支部委员会：",
			"一、发现的主要问题",
			"（一）同月重复发放。24个月内同一人同一项目同月重复发放372笔（每千笔211.2笔，全市8.4笔）。",
			"（二）向已故人员发放。24个月内向登记死亡后的人员发放9笔，金额11,250.00元。",
			"（三）集体土地未经公开招标出租。36个月内10亩以上集体土地出租未经公开招标4宗。",
			"上述问题涉及的预警记录共385条，详见附件。",
			"二、工作要求",
			"（四）按时书面回复。请于收到本函之日起30日内（即20××年×月×日前），将自查自纠和整改落实情况形成书面报告报送我委。",
			"三、联系方式",
			"联系人：〔　　　　〕　联系电话：〔　　　　〕",
			"附件：预警记录清单",
			"〔　　　　〕",
			"20××年×月×日",
			"附件",
			"预警记录清单",
			"本清单列出前60条，其余325条可用命令 microrisk export --what flags 导出（运行编号20170531-a1b2，单位编码510183101001）。",
			"序号\t指标\t台账\t记录编号\t日期\t金额（元）\t情况",
			"1\t同月重复发放\t惠民资金发放\tP2016000000\t2016-01-01\t1,250.00\t与同一人同一项目同月另一笔发放重复（城乡低保）",
			"4\t同月重复发放\t惠民资金发放\tP2016000003\t2016-04-04\t1,234,567.89\t与同一人同一项目同月另一笔发放重复（城乡低保）",
			"6\t集体土地未经公开招标出租\t集体三资\tA00005\t2016-06-06\t\t出租12.5亩，期限8年，未经公开招标",
			"60\t同月重复发放\t惠民资金发放\tP2016000059\t2016-12-04\t4,250.75\t与同一人同一项目同月另一笔发放重复（城乡低保）",
		}, []string{
			"我委对你村2015年6月1日至2017年5月31日的惠民资金发放和集体“三资”台账数据进行了分析比对",
			"自查自纠", "整改", "追责问责", "书面报告",
			"运行编号20170531-a1b2，第7号提醒，单位编码510183101001，数据截至2017年5月31日",
			"须经核实",
		}},
		{"en", []string{
			"DRAFT · to be verified",
			"Work reminder to 团结村 (平乐镇) on benefit payments and the collective's three assets",
			"CPC Branch Committee of 团结村, 平乐镇, 邛崃市:",
			"1. Main findings",
			"1. Duplicate payments. 372 payments to the same payee under the same programme in the same month within 24 months (211.2 per thousand; city 8.4).",
			"2. Payments to the deceased. 9 payments after the payee's recorded death within 24 months, 11,250.00 yuan.",
			"3. Leases without bidding. 4 leases of collective land above 10 mu without public bidding within 36 months.",
			"The 385 flagged records behind these findings are listed in the annex.",
			"Annex: Flagged records",
			"[date]",
			"No.\tIndicator\tLedger\tRecord\tDate\tAmount (yuan)\tWhy flagged",
			"4\tDuplicate payments\tpayments\tP2016000003\t2016-04-04\t1,234,567.89\tpaid twice to one payee under one programme in one month (subsistence allowance)",
			"This list shows the first 60; export all 385 with microrisk export --what flags (run 20170531-a1b2, unit code 510183101001).",
		}, []string{
			"for the period 1 June 2015 to 31 May 2017",
			"within 30 days of receiving this letter (that is, by [",
			"Contact: [", "Telephone: [",
			"run 20170531-a1b2, reminder no. 7, unit code 510183101001, data as of 31 May 2017",
			"must be verified",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			text := docxText(t, sample(tt.lang, 60))
			for _, w := range tt.want {
				if !strings.Contains("\n"+text+"\n", "\n"+w+"\n") {
					t.Errorf("no line %q", w)
				}
			}
			for _, w := range tt.has {
				if !strings.Contains(text, w) {
					t.Errorf("no %q", w)
				}
			}
			if n := strings.Count(text, "\n"); n < 60 {
				t.Errorf("%d lines", n)
			}
			golden(t, filepath.Join("testdata", "sample-"+tt.lang+".txt"), text)
		})
	}
}

// golden compares got with the file at path, or rewrites the file with
// -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if got != string(want) {
		g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(g), len(w)) {
			var gl, wl string
			if i < len(g) {
				gl = g[i]
			}
			if i < len(w) {
				wl = w[i]
			}
			if gl != wl {
				t.Fatalf("%s: line %d:\n got %q\nwant %q\n(go test -update rewrites it)", path, i+1, gl, wl)
			}
		}
	}
}

// TestReplyDays: the reply time is the letter's, 30 by default, in both
// languages.
func TestReplyDays(t *testing.T) {
	for _, tt := range []struct {
		lang string
		days int
		want string
	}{
		{"zh", 0, "请于收到本函之日起30日内"},
		{"zh", 15, "请于收到本函之日起15日内"},
		{"en", 0, "within 30 days of receiving this letter"},
		{"en", 45, "within 45 days of receiving this letter"},
	} {
		l := sample(tt.lang, 2)
		l.ReplyDays = tt.days
		if text := docxText(t, l); !strings.Contains(text, tt.want) {
			t.Errorf("%s, ReplyDays %d: no %q", tt.lang, tt.days, tt.want)
		}
	}
}

// TestNoAnnex: a letter without flags has neither the annex nor its note;
// one given an issuer signs with it.
func TestNoAnnex(t *testing.T) {
	l := sample("zh", 0)
	l.EvidenceTotal = 0
	l.Issuer = "中共成都市纪律检查委员会"
	text := docxText(t, l)
	for _, no := range []string{"附件", "预警记录", "序号", "\n〔　　　　〕\n"} {
		if strings.Contains(text, no) {
			t.Errorf("letter without flags has %q", no)
		}
	}
	if !strings.Contains(text, "\n中共成都市纪律检查委员会\n20××年×月×日\n") {
		t.Errorf("no signature by the issuer:\n%s", text)
	}
}
