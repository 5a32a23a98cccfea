package letters

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/microrisk/microrisk/model"
)

// family is what the letter says of an indicator family: the subject in
// the title and the records the opening says were analysed.
type family struct {
	code                 string
	subjectZh, subjectEn string
	recordsZh, recordsEn string
}

// families are in the order of risk.Families. "trend" shares the cases'
// records and is left out of the title when "cases" is there.
var families = []family{
	{"cases", "案件易发多发", "frequent disciplinary cases", "立案", "cases"},
	{"reports", "信访举报集中", "concentrated accusation-type reports", "信访举报", "reports"},
	{"leads", "问题线索积压", "a backlog of key leads", "问题线索", "leads"},
	{"trend", "案件数量上升", "a rise in cases", "立案", "cases"},
	{"payments", "惠民资金发放", "benefit payments", "惠民资金发放", "benefit payments"},
	{"assets", "集体“三资”管理", "the collective's three assets", "集体“三资”", "collective three-asset"},
}

// maxSubjects is the number of subjects a title names before "等".
const maxSubjects = 3

// familiesOf returns the known families of facts, in the order of
// families, without "trend" when "cases" is present.
func familiesOf(facts []Fact) []family {
	seen := map[string]bool{}
	for _, f := range facts {
		seen[f.Family] = true
	}
	if seen["cases"] {
		seen["trend"] = false
	}
	var out []family
	for _, f := range families {
		if seen[f.code] {
			out = append(out, f)
		}
	}
	return out
}

// blank marks what the commission fills in by hand: in Chinese a pair of
// brackets around full-width spaces, in English square brackets around
// no-break spaces (which HTML does not collapse).
func blank(lang string) string {
	if lang == En {
		return "[" + strings.Repeat("\u00a0", 10) + "]"
	}
	return "〔　　　　〕"
}

// Placeholders in formatted fields use ×, as GB/T 9704's own samples do.
const (
	numberZh = "××纪函〔20××〕××号"
	dateZh   = "20××年×月×日"
	numberEn = "Ref. [\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0]"
	dateEn   = "[date]"
)

// date writes t as a date of the letter's language: 2017年5月31日 or
// 31 May 2017.
func date(t time.Time, lang string) string {
	if lang == En {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// ledgerName names a ledger in the annex: a ledger code in a Chinese
// letter by its Chinese name, anything else as it is.
func ledgerName(s, lang string) string {
	if lang == Zh {
		if l, ok := model.LedgerByName(s); ok {
			return l.Zh
		}
	}
	return s
}

// amount writes yuan with two decimals and thousands separators:
// 1,234,567.89; nil, NaN and infinities are empty.
func amount(x *float64) string {
	if x == nil || math.IsNaN(*x) || math.IsInf(*x, 0) {
		return ""
	}
	s := strconv.FormatFloat(math.Abs(*x), 'f', 2, 64)
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	var b strings.Builder
	if *x < 0 && s != "0.00" {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + frac
}

// count writes n with thousands separators.
func count(n int) string {
	f := float64(n)
	s := amount(&f)
	return s[:len(s)-3]
}

// numeral writes n (1 ≤ n ≤ 99) in Chinese numerals, as the headings
// "一、" and "（一）" number: 一, 十, 十一, 二十一; other n in digits.
func numeral(n int) string {
	const digits = "〇一二三四五六七八九"
	d := []rune(digits)
	switch {
	case n < 1 || n > 99:
		return strconv.Itoa(n)
	case n < 10:
		return string(d[n])
	case n == 10:
		return "十"
	case n < 20:
		return "十" + string(d[n%10])
	case n%10 == 0:
		return string(d[n/10]) + "十"
	default:
		return string(d[n/10]) + "十" + string(d[n%10])
	}
}

// item numbers a paragraph of a section: （一） in Chinese, 1. in
// English.
func item(n int, lang string) string {
	if lang == En {
		return strconv.Itoa(n) + ". "
	}
	return "（" + numeral(n) + "）"
}

// sentence ends s with a full stop unless it ends with one already (or
// with a question or exclamation mark, or a closing quotation mark after
// one).
func sentence(s, lang string) string {
	s = strings.Trim(s, " \t\r\n　")
	trimmed := strings.TrimRight(s, "”’\"'）)")
	if s == "" || strings.HasSuffix(trimmed, "。") || strings.HasSuffix(trimmed, "！") || strings.HasSuffix(trimmed, "？") ||
		strings.HasSuffix(trimmed, ".") || strings.HasSuffix(trimmed, "!") || strings.HasSuffix(trimmed, "?") {
		return s
	}
	if lang == En {
		return s + "."
	}
	return s + "。"
}

// enumerate joins items: "甲、乙和丙" or "a, b and c".
func enumerate(items []string, lang string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	sep, and := "、", "和"
	if lang == En {
		sep, and = ", ", " and "
	}
	return strings.Join(items[:len(items)-1], sep) + and + items[len(items)-1]
}
