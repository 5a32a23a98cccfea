package letters_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/microrisk/microrisk/letters"
)

func TestAddressee(t *testing.T) {
	city, district := "成都市", "邛崃市"
	tests := []struct {
		name       string
		unit       letters.Unit
		zh, en, to string // to: how the opening refers to the unit
	}{
		{"township", letters.Unit{Name: "平乐镇", Level: "township", Kind: "township", Path: []string{city, district, "平乐镇"}},
			"中共邛崃市平乐镇委员会", "CPC Committee of 平乐镇, 邛崃市", "你镇"},
		{"xiang", letters.Unit{Name: "南宝山乡", Level: "township", Kind: "township", Path: []string{city, district, "南宝山乡"}},
			"中共邛崃市南宝山乡委员会", "CPC Committee of 南宝山乡, 邛崃市", "你乡"},
		{"street", letters.Unit{Name: "玉林街道", Level: "township", Kind: "street", Path: []string{city, "武侯区", "玉林街道"}},
			"中共武侯区玉林街道工作委员会", "CPC Working Committee of 玉林街道, 武侯区", "你街道"},
		{"village", letters.Unit{Name: "团结村", Level: "village", Kind: "village", Path: []string{city, district, "平乐镇", "团结村"}},
			"中共邛崃市平乐镇团结村支部委员会", "CPC Branch Committee of 团结村, 平乐镇, 邛崃市", "你村"},
		{"community", letters.Unit{Name: "芳草社区", Level: "village", Kind: "community", Path: []string{city, "武侯区", "玉林街道", "芳草社区"}},
			"中共武侯区玉林街道芳草社区委员会", "CPC Committee of 芳草社区, 玉林街道, 武侯区", "你社区"},
		{"station", letters.Unit{Name: "平乐镇财政所", Level: "station", Kind: "station", Path: []string{city, district, "平乐镇", "平乐镇财政所"}},
			"中共邛崃市平乐镇财政所支部委员会", "CPC Branch Committee of 平乐镇财政所, 邛崃市", "你所"},
		{"station office", letters.Unit{Name: "平乐镇民政办", Level: "station", Kind: "station", Path: []string{city, district, "平乐镇", "平乐镇民政办"}},
			"中共邛崃市平乐镇民政办支部委员会", "CPC Branch Committee of 平乐镇民政办, 邛崃市", "你单位"},
		{"window", letters.Unit{Name: "平乐镇社保服务窗口", Level: "station", Kind: "window", Path: []string{city, district, "平乐镇", "平乐镇社保服务窗口"}},
			"中共邛崃市平乐镇社保服务窗口支部委员会", "CPC Branch Committee of 平乐镇社保服务窗口, 邛崃市", "你单位"},
		{"school", letters.Unit{Name: "平乐镇中心小学", Level: "station", Kind: "school", Path: []string{city, district, "平乐镇", "平乐镇中心小学"}},
			"中共邛崃市平乐镇中心小学支部委员会", "CPC Branch Committee of 平乐镇中心小学, 邛崃市", "你校"},
		{"hospital", letters.Unit{Name: "平乐镇卫生院", Level: "station", Kind: "hospital", Path: []string{city, district, "平乐镇", "平乐镇卫生院"}},
			"中共邛崃市平乐镇卫生院支部委员会", "CPC Branch Committee of 平乐镇卫生院, 邛崃市", "你院"},
		{"forestry station, no kind", letters.Unit{Name: "平乐镇林业站", Level: "station", Path: []string{city, district, "平乐镇", "平乐镇林业站"}},
			"中共邛崃市平乐镇林业站支部委员会", "CPC Branch Committee of 平乐镇林业站, 邛崃市", "你站"},
		{"village, kind other", letters.Unit{Name: "金鸡社区", Level: "village", Kind: "other", Path: []string{city, district, "平乐镇", "金鸡社区"}},
			"中共邛崃市平乐镇金鸡社区委员会", "CPC Committee of 金鸡社区, 平乐镇, 邛崃市", "你社区"},
		{"street, no kind", letters.Unit{Name: "文家街道", Level: "township", Path: []string{city, "青羊区", "文家街道"}},
			"中共青羊区文家街道工作委员会", "CPC Working Committee of 文家街道, 青羊区", "你街道"},
		{"no path", letters.Unit{Name: "团结村", Level: "village", Kind: "village"},
			"中共团结村支部委员会", "CPC Branch Committee of 团结村", "你村"},
		{"unknown level", letters.Unit{Name: "某单位", Level: "district"},
			"中共某单位委员会", "CPC Committee of 某单位", "你单位"},
		{"path without the unit", letters.Unit{Name: "团结村", Level: "village", Kind: "village", Path: []string{city, district, "平乐镇"}},
			"中共邛崃市平乐镇团结村支部委员会", "CPC Branch Committee of 团结村, 平乐镇, 邛崃市", "你村"},
		{"party organisation known", letters.Unit{Name: "团结村", Level: "village", Kind: "village", PartyOrg: "中共邛崃市平乐镇团结村总支部委员会",
			Path: []string{city, district, "平乐镇", "团结村"}},
			"中共邛崃市平乐镇团结村总支部委员会", "中共邛崃市平乐镇团结村总支部委员会", "你村"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := sample("zh", 0)
			l.Unit = tt.unit
			if got := l.Addressee(); got != tt.zh {
				t.Errorf("zh: %q, want %q", got, tt.zh)
			}
			text := docxText(t, l)
			if !strings.Contains(text, "\n"+tt.zh+"：\n") {
				t.Errorf("the letter is not addressed to %q", tt.zh)
			}
			if !strings.Contains(text, "我委对"+tt.to) {
				t.Errorf("the opening does not say %q", tt.to)
			}
			l.Lang = "en"
			if got := l.Addressee(); got != tt.en {
				t.Errorf("en: %q, want %q", got, tt.en)
			}
		})
	}
}

func TestTitle(t *testing.T) {
	unit := letters.Unit{Name: "团结村", Level: "village", Kind: "village", Path: []string{"成都市", "邛崃市", "平乐镇", "团结村"}}
	tests := []struct {
		families []string
		zh, en   string
	}{
		{[]string{"payments"}, "关于平乐镇团结村\n惠民资金发放问题的工作提醒函", "Work reminder to 团结村 (平乐镇) on benefit payments"},
		{[]string{"assets", "payments", "payments"}, "关于平乐镇团结村惠民资金发放和\n集体“三资”管理问题的工作提醒函",
			"Work reminder to 团结村 (平乐镇) on benefit payments and the collective's three assets"},
		{[]string{"cases", "trend"}, "关于平乐镇团结村\n案件易发多发问题的工作提醒函", "Work reminder to 团结村 (平乐镇) on frequent disciplinary cases"},
		{[]string{"trend"}, "关于平乐镇团结村\n案件数量上升问题的工作提醒函", "Work reminder to 团结村 (平乐镇) on a rise in cases"},
		{[]string{"cases", "reports", "leads"}, "关于平乐镇团结村\n案件易发多发、信访举报集中和\n问题线索积压问题的工作提醒函",
			"Work reminder to 团结村 (平乐镇) on frequent disciplinary cases, concentrated accusation-type reports and a backlog of key leads"},
		{[]string{"cases", "reports", "leads", "payments"}, "关于平乐镇团结村案件易发多发、\n信访举报集中等问题的工作提醒函",
			"Work reminder to 团结村 (平乐镇) on frequent disciplinary cases and concentrated accusation-type reports and other matters"},
		{[]string{""}, "关于平乐镇团结村有关问题的工作提醒函", "Work reminder to 团结村 (平乐镇)"},
		{[]string{"unknown"}, "关于平乐镇团结村有关问题的工作提醒函", "Work reminder to 团结村 (平乐镇)"},
	}
	for _, tt := range tests {
		l := sample("zh", 0)
		l.Unit = unit
		l.Facts = nil
		for _, f := range tt.families {
			l.Facts = append(l.Facts, letters.Fact{Family: f, Title: "标题", Text: "事实"})
		}
		if got := strings.Split(docxText(t, l), "\n"); !strings.Contains(strings.Join(got, "\n"), "\n"+tt.zh+"\n") {
			t.Errorf("%v: no title %q in\n%s", tt.families, tt.zh, strings.Join(got[:8], "\n"))
		}
		l.Lang = "en"
		if got := docxText(t, l); !strings.Contains(got, "\n"+tt.en+"\n") {
			t.Errorf("%v: no title %q", tt.families, tt.en)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*letters.Letter)
		want string // in the error; "" for none
	}{
		{"sample", func(*letters.Letter) {}, ""},
		{"empty lang is zh", func(l *letters.Letter) { l.Lang = "" }, ""},
		{"lang", func(l *letters.Letter) { l.Lang = "fr" }, "Lang"},
		{"name", func(l *letters.Letter) { l.Unit.Name = "" }, "Unit.Name"},
		{"name of controls", func(l *letters.Letter) { l.Unit.Name = "\x00\u202E " }, "Unit.Name"},
		{"as of", func(l *letters.Letter) { l.AsOf = time.Time{} }, "AsOf"},
		{"facts", func(l *letters.Letter) { l.Facts = nil }, "at least one fact"},
		{"fact text", func(l *letters.Letter) { l.Facts[1].Text = " " }, "Facts[1].Text"},
		{"period", func(l *letters.Letter) { l.PeriodFrom = day(2018, 1, 1) }, "PeriodFrom"},
		{"reply days", func(l *letters.Letter) { l.ReplyDays = -1 }, "ReplyDays"},
		{"total", func(l *letters.Letter) { l.EvidenceTotal = -1 }, "EvidenceTotal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := sample("zh", 3)
			tt.edit(&l)
			_, herr := l.HTML()
			_, derr := l.DOCX()
			for _, err := range []error{herr, derr} {
				switch {
				case tt.want == "" && err != nil:
					t.Errorf("error %v", err)
				case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
					t.Errorf("error %v, want one naming %s", err, tt.want)
				}
			}
			if tt.name == "facts" && !errors.Is(herr, letters.ErrNoFacts) {
				t.Errorf("%v is not ErrNoFacts", herr)
			}
		})
	}
}

// TestLargeAnnex: an annex of 1,000 rows out of 4,321 flags renders in
// both forms, every row, with the note that it is capped.
func TestLargeAnnex(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		l := sample(lang, 1000)
		l.EvidenceTotal = 4321
		text := docxText(t, l)
		if !strings.Contains(text, "\n1000\t") || !strings.Contains(text, "P2016000999") {
			t.Errorf("%s: the docx lacks row 1,000", lang)
		}
		note := map[string]string{
			"zh": "本清单列出前1,000条，其余3,321条可用命令 microrisk export --what flags 导出",
			"en": "This list shows the first 1,000; export all 4,321 with microrisk export --what flags",
		}[lang]
		if !strings.Contains(text, note) {
			t.Errorf("%s: the docx lacks the note %q", lang, note)
		}
		page, err := l.HTML()
		if err != nil {
			t.Fatal(err)
		}
		ptext, _, rows := pageText(t, lang, page)
		if rows != 1000 || !strings.Contains(ptext, note) {
			t.Errorf("%s: page has %d rows, note %v", lang, rows, strings.Contains(ptext, note))
		}
	}
	// Not capped: no note.
	l := sample("zh", 10)
	l.EvidenceTotal = 0
	if text := docxText(t, l); strings.Contains(text, "本清单列出") || !strings.Contains(text, "预警记录共10条") {
		t.Errorf("an annex of all 10 flags:\n%s", text)
	}
}

func TestFileName(t *testing.T) {
	tests := []struct{ id, want string }{
		{"510183101001", "510183101001"},
		{"u-1", "u-1"},
		{"A/1", "_41_2f1"},
		{"../../etc/passwd", "_2e_2e_2f_2e_2e_2fetc_2fpasswd"},
		{`a\b`, "a_5cb"},
		{"", "_"},
		{"团结村", "_e5_9b_a2_e7_bb_93_e6_9d_91"},
		{"a b\x00", "a_20b_00"},
		{"con", "co_6e"},
		{"COM1", "_43_4f_4d1"},
		{"lpt9", "lpt_39"},
		{"com10", "com10"},
		{"_41", "_5f41"},
	}
	for _, tt := range tests {
		if got := letters.FileName(tt.id); got != tt.want {
			t.Errorf("FileName(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
	long := strings.Repeat("9", 300)
	if got := letters.FileName(long); len(got) != 120 || got != letters.FileName(long) || got == letters.FileName(long+"8") {
		t.Errorf("long id: %q", got)
	}
	// Distinct ids give distinct names, even folded to one case; no name
	// holds a separator, a dot or a space.
	seen := map[string]string{}
	ids := []string{"a", "A", "_41", "_61", "a.b", "a_2eb", "a/b", "a-b", "", "_", "con", "co_6e", "CON"}
	for i := range 200 {
		ids = append(ids, fmt.Sprint(i), fmt.Sprintf("X%d", i), strings.Repeat("长", i))
	}
	for _, id := range ids {
		name := letters.FileName(id)
		if strings.ContainsAny(name, "/\\. \x00:") || name == "" {
			t.Errorf("FileName(%q) = %q", id, name)
		}
		key := strings.ToLower(name)
		if other, ok := seen[key]; ok && other != id {
			t.Errorf("FileName(%q) and FileName(%q) are both %q", id, other, name)
		}
		seen[key] = id
	}
}

// TestNoSeq: a letter without a number, run or unit code leaves them out
// of the draft note or marks them with a dash.
func TestNoSeq(t *testing.T) {
	l := sample("zh", 1)
	l.Seq, l.RunID, l.Unit.ID = 0, "", ""
	text := docxText(t, l)
	if strings.Contains(text, "第0号") || !strings.Contains(text, "运行编号—，单位编码—，数据截至2017年5月31日") {
		t.Errorf("draft note:\n%s", text)
	}
	l.Lang = "en"
	if text := docxText(t, l); strings.Contains(text, "no. 0") || !strings.Contains(text, "run —, unit code —, data as of 31 May 2017") {
		t.Errorf("draft note:\n%s", text)
	}
}
