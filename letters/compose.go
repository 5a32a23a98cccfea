package letters

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// content is a letter's text, laid out in the parts of a Chinese official
// document; HTML and DOCX render the same content.
type content struct {
	Lang      string   // Zh or En
	HTMLLang  string   // the page's lang attribute
	Draft     string   // the draft marker at the top
	Number    string   // 发文字号, blanks to fill
	Title     []string // the title, broken into lines
	Addressee string   // 主送机关, with its colon
	Opening   string
	Sections  []section
	AnnexRef  string // 附件说明; "" when there is no annex
	Issuer    string // 发文机关署名, or a blank
	Date      string // 成文日期, a blank
	Note      string // 附注: the draft's provenance, in parentheses
	Annex     *annex // nil when no record was flagged
}

// section is one numbered part of the body: "一、发现的主要问题".
type section struct {
	Heading string
	Paras   []para
}

// para is a paragraph of the body; Lead, when set, is its run-in heading
// ("（一）同月重复发放。"), set in 楷体 in Chinese.
type para struct {
	Lead, Text string
}

// annex is the evidence list.
type annex struct {
	Label   string // 附件
	Title   string
	Caption string // the unit and the number of records
	Capped  string // where the rest is, when the list was capped; "" if not
	Header  []string
	Rows    [][]string
}

// annexWidths are the annex columns' relative widths, in characters of the
// table's text (annexFontSize), and annexRight and annexCenter the columns
// aligned right and centred: 序号, 指标, 台账, 记录编号, 日期, 金额（元）,
// 情况. The 156 mm text block holds 42 characters of 五号 (10.5 pt): a date
// (10 digits), an amount up to 1,234,567.89 and a record id of 12
// characters fit on one line in 仿宋. English words do not break and
// English reasons are longer: the English annex is set in 小五 (9 pt), 49
// characters a line, and gives the words more room.
var (
	annexWidths = map[string][]float64{
		Zh: {3.2, 5.2, 4, 6.8, 6.2, 6.8, 9.8},
		En: {3.2, 7, 5.6, 7, 6.4, 7, 12.8},
	}
	annexFontSize = map[string]float64{Zh: 10.5, En: 9}
	annexRight    = map[int]bool{5: true}
	annexCenter   = map[int]bool{0: true, 4: true}
)

// compose builds the content of a cleaned, valid letter.
func compose(l Letter) *content {
	lang := l.lang()
	c := &content{Lang: lang, HTMLLang: "zh-CN", Draft: "草稿·须经核实", Number: numberZh, Date: dateZh}
	if lang == En {
		c.HTMLLang, c.Draft, c.Number, c.Date = "en", "DRAFT · to be verified", numberEn, dateEn
	}
	fams := familiesOf(l.Facts)
	c.Title = title(l.Unit, fams, lang)
	c.Addressee = l.Addressee() + map[string]string{Zh: "：", En: ":"}[lang]
	c.Opening = opening(l, fams, lang)
	c.Sections = []section{findings(l, lang), requests(l, lang), contacts(lang)}
	c.Issuer = l.Issuer
	if c.Issuer == "" {
		c.Issuer = blank(lang)
	}
	c.Note = note(l, lang)
	if l.total() > 0 {
		c.Annex = evidence(l, lang)
		c.AnnexRef = map[string]string{Zh: "附件：" + c.Annex.Title, En: "Annex: " + c.Annex.Title}[lang]
	}
	return c
}

// titleWidth is the number of 2号 (22 pt) characters a title line holds in
// the 156 mm text block.
const titleWidth = 20

// title returns the title in lines: "关于平乐镇团结村惠民资金发放和" /
// "集体“三资”管理问题的工作提醒函". Lines break between the title's
// parts, where the sense allows (GB/T 9704 §7.3.2), as evenly as the
// line's width allows; an English title is one line.
func title(u Unit, fams []family, lang string) []string {
	name := unitName(u, lang)
	var subjects []string
	for _, f := range fams {
		subjects = append(subjects, map[string]string{Zh: f.subjectZh, En: f.subjectEn}[lang])
	}
	etc := len(subjects) > maxSubjects
	if etc {
		subjects = subjects[:maxSubjects-1]
	}
	if lang == En {
		s := "Work reminder to " + name
		if len(subjects) > 0 {
			s += " on " + enumerate(subjects, En)
			if etc {
				s += " and other matters"
			}
		}
		return []string{s}
	}
	parts := []string{"关于" + name}
	switch {
	case len(subjects) == 0:
		parts = append(parts, "有关问题的")
	case etc:
		parts = append(parts, subjects[0]+"、", subjects[1]+"等", "问题的")
	default:
		for i, s := range subjects {
			switch {
			case i == len(subjects)-1:
				parts = append(parts, s, "问题的")
			case i == len(subjects)-2:
				parts = append(parts, s+"和")
			default:
				parts = append(parts, s+"、")
			}
		}
	}
	return breakLines(append(parts, "工作提醒函"), titleWidth)
}

// breakLines joins parts into lines of at most width full-width characters
// (an ASCII character counts half): the fewest lines, then the most even
// ones, then, of two as even, the one whose lines do not get shorter
// downwards (a trapezoid, as titles are set). A part wider than a line
// stays whole (the renderer wraps it).
func breakLines(parts []string, width float64) []string {
	n := len(parts)
	if n > 16 { // a title has a handful of parts; do not search 2^n ways
		return []string{strings.Join(parts, "")}
	}
	var best []string
	var bestOver, bestMax float64
	var bestShape bool
	for mask := 0; mask < 1<<(n-1); mask++ {
		var lines []string
		var cur strings.Builder
		for i, p := range parts {
			cur.WriteString(p)
			if i == n-1 || mask&(1<<i) != 0 {
				lines = append(lines, cur.String())
				cur.Reset()
			}
		}
		over, widest, prev, shape := 0.0, 0.0, 0.0, true
		for _, line := range lines {
			w := textWidth(line)
			over += max(0, w-width)
			widest = max(widest, w)
			shape = shape && w >= prev
			prev = w
		}
		better := best == nil || over < bestOver ||
			over == bestOver && (len(lines) < len(best) ||
				len(lines) == len(best) && (widest < bestMax || widest == bestMax && shape && !bestShape))
		if better {
			best, bestOver, bestMax, bestShape = lines, over, widest, shape
		}
	}
	return best
}

// textWidth measures s in full-width characters: ASCII counts half.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < utf8.RuneSelf {
			w += 0.5
		} else {
			w++
		}
	}
	return w
}

// period states the period the facts cover.
func period(l Letter, lang string) string {
	to := date(l.periodTo(), lang)
	switch {
	case lang == En && l.PeriodFrom.IsZero():
		return "up to " + to
	case lang == En:
		return date(l.PeriodFrom, lang) + " to " + to
	case l.PeriodFrom.IsZero():
		return "截至" + to
	}
	return date(l.PeriodFrom, lang) + "至" + to
}

// opening is the first paragraph: what the commission analysed and why it
// writes.
func opening(l Letter, fams []family, lang string) string {
	var recs []string
	seen := map[string]bool{}
	for _, f := range fams {
		r := map[string]string{Zh: f.recordsZh, En: f.recordsEn}[lang]
		if !seen[r] {
			seen[r] = true
			recs = append(recs, r)
		}
	}
	asOf := ""
	if !l.periodTo().Equal(l.AsOf) {
		asOf = map[string]string{Zh: "（数据截至" + date(l.AsOf, lang) + "）", En: " (data as of " + date(l.AsOf, lang) + ")"}[lang]
	}
	if lang == En {
		records := "ledger"
		if len(recs) > 0 {
			records = enumerate(recs, En)
		}
		return fmt.Sprintf("We have analysed and cross-checked your unit's %s records for the period %s%s and found the problems set out below, which point to a risk of petty corruption (micro-corruption) in these areas. We draw them to your attention and ask you to take them seriously.",
			records, period(l, lang), asOf)
	}
	records := "有关"
	if len(recs) > 0 {
		records = enumerate(recs, Zh)
	}
	y := you(l.Unit, Zh)
	return fmt.Sprintf("我委对%s%s的%s台账数据进行了分析比对%s，发现以下问题，提示相关领域存在微腐败风险。现予以提醒，请%s高度重视。",
		y, period(l, lang), records, asOf, y)
}

// findings is section 一: each fact as a numbered paragraph, then a
// pointer to the annex.
func findings(l Letter, lang string) section {
	s := section{Heading: map[string]string{Zh: "一、发现的主要问题", En: "1. Main findings"}[lang]}
	for i, f := range l.Facts {
		lead := item(i+1, lang)
		if f.Title != "" {
			lead += sentence(f.Title, lang)
			if lang == En {
				lead += " "
			}
		}
		s.Paras = append(s.Paras, para{Lead: lead, Text: sentence(f.Text, lang)})
	}
	if n := l.total(); n > 0 {
		text := fmt.Sprintf("上述问题涉及的预警记录共%s条，详见附件。", count(n))
		if lang == En {
			text = fmt.Sprintf("The %s flagged records behind these findings are listed in the annex.", count(n))
			if n == 1 {
				text = "The flagged record behind these findings is listed in the annex."
			}
		}
		s.Paras = append(s.Paras, para{Text: text})
	}
	return s
}

// requests is section 二: self-inspection, rectification, accountability
// and a written reply within the reply time.
func requests(l Letter, lang string) section {
	days := strconv.Itoa(l.replyDays())
	annexed := l.total() > 0
	if lang == En {
		return section{Heading: "2. What we ask", Paras: []para{
			{"1. Inspect yourselves and correct. ", "Check each problem above" + map[bool]string{true: " and each record in the annex"}[annexed] + ", and establish the facts and their causes. Where a record is explained by policy (collective support, fixed-amount allowances), by a collective decision or by an error in the data, say so record by record with the supporting documents."},
			{"2. Rectify. ", "Correct what the check confirms without delay; recover funds paid wrongly or taken; close the gaps in procedures and controls so that the problems do not return."},
			{"3. Hold to account. ", "Deal with violations of discipline found in the check according to the rules and the law, and report leads on violations by party members and cadres to the commission without delay."},
			{"4. Reply in writing. ", "Send the commission a written report on the self-inspection and the rectification within " + days + " days of receiving this letter (that is, by " + blank(En) + ")."},
		}}
	}
	return section{Heading: "二、工作要求", Paras: []para{
		{"（一）认真开展自查自纠。", "请对上述问题" + map[bool]string{true: "和附件所列记录"}[annexed] + "逐项核查，查清事实和原因。属于政策规定（如集中供养、定额补助）、经集体决策或数据差错等情形的，请逐条说明并附依据。"},
		{"（二）切实抓好整改落实。", "对核实存在的问题，要立行立改；涉及违规发放、侵占资金的，及时追回；健全制度，堵塞管理漏洞，防止问题反弹。"},
		{"（三）严肃追责问责。", "对核查中发现的违规违纪问题，依规依纪依法严肃处理；涉及党员、干部违纪违法的问题线索，及时报送我委。"},
		{"（四）按时书面回复。", "请于收到本函之日起" + days + "日内（即" + dateZh + "前），将自查自纠和整改落实情况形成书面报告报送我委。"},
	}}
}

// contacts is section 三: the commission's contact, left blank.
func contacts(lang string) section {
	if lang == En {
		return section{Heading: "3. Contact", Paras: []para{{Text: "Contact: " + blank(En) + "    Telephone: " + blank(En)}}}
	}
	return section{Heading: "三、联系方式", Paras: []para{{Text: "联系人：" + blank(Zh) + "　联系电话：" + blank(Zh)}}}
}

// note is the 附注: this is a draft generated from data, to be verified.
func note(l Letter, lang string) string {
	run := orDash(l.RunID)
	if lang == En {
		seq := ""
		if l.Seq > 0 {
			seq = fmt.Sprintf(", reminder no. %d", l.Seq)
		}
		return fmt.Sprintf("(Draft generated by microrisk from data analysis: run %s%s, unit code %s, data as of %s. The problems and records must be verified, and the issuer, reference, date and contact filled in, before the letter is issued; delete this note then.)",
			run, seq, orDash(l.Unit.ID), date(l.AsOf, En))
	}
	seq := ""
	if l.Seq > 0 {
		seq = fmt.Sprintf("，第%d号提醒", l.Seq)
	}
	return fmt.Sprintf("（此件为草稿，由microrisk根据数据分析生成：运行编号%s%s，单位编码%s，数据截至%s。所列问题和记录须经核实，发文机关、字号、日期和联系方式须填写后方可印发，印发时删除本附注。）",
		run, seq, orDash(l.Unit.ID), date(l.AsOf, Zh))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// evidence is the annex: the flagged records as a table.
func evidence(l Letter, lang string) *annex {
	total, shown := l.total(), len(l.Evidence)
	name := unitName(l.Unit, lang)
	a := &annex{Label: "附件", Title: "预警记录清单",
		Header:  []string{"序号", "指标", "台账", "记录编号", "日期", "金额（元）", "情况"},
		Caption: fmt.Sprintf("%s（单位编码%s）%s的预警记录共%s条。", name, orDash(l.Unit.ID), period(l, Zh), count(total)),
	}
	if lang == En {
		a.Label, a.Title = "Annex", "Flagged records"
		a.Header = []string{"No.", "Indicator", "Ledger", "Record", "Date", "Amount (yuan)", "Why flagged"}
		a.Caption = fmt.Sprintf("%s (unit code %s), %s: %s flagged records.", name, orDash(l.Unit.ID), period(l, En), count(total))
	}
	if shown < total {
		a.Capped = fmt.Sprintf("本清单列出前%s条，其余%s条可用命令 microrisk export --what flags 导出（运行编号%s，单位编码%s）。",
			count(shown), count(total-shown), orDash(l.RunID), orDash(l.Unit.ID))
		if lang == En {
			a.Capped = fmt.Sprintf("This list shows the first %s; export all %s with microrisk export --what flags (run %s, unit code %s).",
				count(shown), count(total), orDash(l.RunID), orDash(l.Unit.ID))
		}
	}
	a.Rows = make([][]string, shown)
	for i, e := range l.Evidence {
		a.Rows[i] = []string{strconv.Itoa(i + 1), e.Rule, ledgerName(e.Ledger, lang), e.RecordID, e.Date, amount(e.Amount), e.Reason}
	}
	return a
}
