package letters

import (
	"math"
	"strings"
	"testing"
)

func TestAmount(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	tests := []struct {
		x    *float64
		want string
	}{
		{nil, ""}, {f(0), "0.00"}, {f(1250), "1,250.00"}, {f(999.995), "1,000.00"}, {f(1234567.891), "1,234,567.89"},
		{f(-1234.5), "-1,234.50"}, {f(-0.001), "0.00"}, {f(12), "12.00"}, {f(123456), "123,456.00"},
		{f(math.NaN()), ""}, {f(math.Inf(1)), ""},
	}
	for _, tt := range tests {
		if got := amount(tt.x); got != tt.want {
			t.Errorf("amount(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
	if got := count(4321); got != "4,321" {
		t.Errorf("count(4321) = %q", got)
	}
}

func TestNumeral(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 99: "九十九", 100: "100", 0: "0"} {
		if got := numeral(n); got != want {
			t.Errorf("numeral(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"发放372笔": "发放372笔。", "发放372笔。": "发放372笔。", "（全市8.4笔）": "（全市8.4笔）。",
		"是否属实？": "是否属实？", "“已核实。”": "“已核实。”", "a;": "a;。", " 发放 ": "发放。", "": "",
	} {
		if got := sentence(in, Zh); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
	if got := sentence("372 payments", En); got != "372 payments." {
		t.Errorf("en: %q", got)
	}
}

func TestBreakLines(t *testing.T) {
	tests := []struct {
		parts []string
		want  string
	}{
		{[]string{"关于团结村", "有关问题的", "工作提醒函"}, "关于团结村有关问题的工作提醒函"},
		{[]string{"关于平乐镇团结村", "惠民资金发放和", "集体“三资”管理", "问题的", "工作提醒函"}, "关于平乐镇团结村惠民资金发放和|集体“三资”管理问题的工作提醒函"},
		// A part wider than a line stays whole.
		{[]string{"关于" + strings.Repeat("长", 30), "问题的", "工作提醒函"}, "关于" + strings.Repeat("长", 30) + "|问题的工作提醒函"},
	}
	for _, tt := range tests {
		if got := strings.Join(breakLines(tt.parts, titleWidth), "|"); got != tt.want {
			t.Errorf("breakLines(%q) = %q, want %q", tt.parts, got, tt.want)
		}
	}
	if w := textWidth("ab团结"); w != 3 {
		t.Errorf("textWidth = %v", w)
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"团结村":                      "团结村",
		" a\tb\nc\r\nd ":           "a b c  d",
		"a\x00b\x7fc\u0085d":       "abcd",
		"\u202Egnp.exe\u202C":      "gnp.exe",
		"x\u2066y\u2069\u200Fz":    "xyz",
		"bad\xffutf8":              "badutf8",
		"\uFFFE\uFDD0ok\U0001FFFF": "ok",
		"<b>&amp;":                 "<b>&amp;",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}
