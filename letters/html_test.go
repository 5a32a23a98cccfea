package letters_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/letters"
	"golang.org/x/net/html"
)

// The elements and attributes a letter's page may hold: anything else
// (script, img, iframe, link, object, form, on* handlers, src, href…)
// fails.
var (
	allowedTags = map[string]bool{
		"html": true, "head": true, "meta": true, "title": true, "style": true, "body": true,
		"article": true, "section": true, "p": true, "h1": true, "h2": true, "span": true, "br": true, "div": true,
		"table": true, "colgroup": true, "col": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
	}
	allowedAttrs = map[string]bool{"lang": true, "charset": true, "name": true, "content": true, "class": true, "style": true}
)

// pageText walks a page with the HTML tokenizer, fails the test on any
// element or attribute outside the allowlists, on a style that fetches or
// on a reference outside the page, and returns the page's text as a
// browser decodes it (without the style sheet), its style sheet and the
// number of rows in its table body.
func pageText(t *testing.T, name string, page []byte) (text, css string, bodyRows int) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(page))
	var sb, style strings.Builder
	var inStyle, inBody bool
	for {
		switch z.Next() {
		case html.ErrorToken:
			return sb.String(), style.String(), bodyRows
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if !allowedTags[tok.Data] {
				t.Errorf("%s: element <%s>", name, tok.Data)
			}
			for _, a := range tok.Attr {
				if !allowedAttrs[a.Key] {
					t.Errorf("%s: <%s> has attribute %s=%q", name, tok.Data, a.Key, a.Val)
				}
				if fetches(a.Val) {
					t.Errorf("%s: <%s %s=%q> refers outside the page", name, tok.Data, a.Key, a.Val)
				}
			}
			inStyle = tok.Data == "style"
			switch tok.Data {
			case "tbody":
				inBody = true
			case "tr":
				if inBody {
					bodyRows++
				}
			}
		case html.EndTagToken:
			inStyle = false
			if tok := z.Token(); tok.Data == "tbody" {
				inBody = false
			}
		case html.TextToken:
			if inStyle {
				style.Write(z.Text())
			} else {
				sb.Write(z.Text())
			}
		}
	}
}

// fetches reports whether a style or attribute value could load anything.
func fetches(s string) bool {
	s = strings.ToLower(s)
	for _, bad := range []string{"url(", "@import", "http:", "https:", "//", "javascript:", "expression("} {
		if strings.Contains(s, bad) {
			return true
		}
	}
	return false
}

// TestHTMLPage checks the page's structure and print style: one
// self-contained page, A4 with GB/T 9704's margins, rows kept whole, the
// table's header repeated, the annex on a new page, the body in 仿宋.
func TestHTMLPage(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		page, err := sample(lang, 60).HTML()
		if err != nil {
			t.Fatal(err)
		}
		text, css, rows := pageText(t, lang, page)
		if rows != 60 {
			t.Errorf("%s: %d table rows, want 60", lang, rows)
		}
		for _, want := range []string{
			"size: A4", "margin: 37mm 26mm 35mm 28mm", "break-inside: avoid", "thead { display: table-header-group; }",
			".sheet + .sheet { break-before: page; }", `"仿宋_GB2312"`, "FangSong", "STFangsong", `"方正小标宋简体"`, "SimSun",
			`"黑体"`, "counter(page)", "font-size: 16pt", "@media print",
		} {
			if !strings.Contains(css, want) {
				t.Errorf("%s: style sheet lacks %q", lang, want)
			}
		}
		if fetches(css) {
			t.Errorf("%s: style sheet fetches", lang)
		}
		if !bytes.HasPrefix(page, []byte("<!DOCTYPE html>")) || !bytes.Contains(page, []byte(`<meta charset="utf-8">`)) {
			t.Errorf("%s: no doctype or charset", lang)
		}
		wantText := map[string][]string{
			"zh": {"草稿·须经核实", "关于平乐镇团结村惠民资金发放和集体“三资”管理问题的工作提醒函", "中共邛崃市平乐镇团结村支部委员会：",
				"（一）同月重复发放。24个月内同一人同一项目同月重复发放372笔（每千笔211.2笔，全市8.4笔）。",
				"1,234,567.89", "P2016000059", "请于收到本函之日起30日内（即20××年×月×日前）", "microrisk export --what flags"},
			"en": {"DRAFT · to be verified", "CPC Branch Committee of 团结村, 平乐镇, 邛崃市:", "1,234,567.89",
				"within 30 days of receiving this letter", "microrisk export --what flags"},
		}[lang]
		for _, w := range wantText {
			if !strings.Contains(text, w) {
				t.Errorf("%s: page text lacks %q", lang, w)
			}
		}
	}
}

// Hostile texts: markup, attribute break-outs, a javascript: URL, control
// and bidirectional characters, an XML-breaking CDATA end.
const (
	evilScript = `<script>alert(1)</script>`
	evilAttr   = `"><img src=x onerror=alert(2)>`
	evilURL    = `<a href="javascript:alert(3)">x</a>`
	evilCSS    = `</style><style>body{background:url(https://example.com/x)}</style>`
	evilCtl    = "a\x00b\x07c\x1b[31m\u202Ed\u0085e\uFFFEf]]>g&amp;"
)

// hostile returns a letter with hostile text in every field.
func hostile(lang string) letters.Letter {
	h := func(s string) string { return s + evilScript + evilAttr + evilURL + evilCSS + evilCtl }
	amt := 12.5
	l := letters.Letter{
		Lang: lang, Seq: 1, RunID: h("run"), Issuer: h("issuer"), AsOf: day(2017, 5, 31),
		Unit: letters.Unit{ID: h("id"), Name: h("name"), Level: h("village"), Kind: h("kind"),
			Path: []string{h("city"), h("district"), h("township"), h("name")}},
		Facts:    []letters.Fact{{Family: h("payments"), Title: h("title"), Text: h("text")}},
		Evidence: []letters.Evidence{{Rule: h("rule"), Ledger: h("ledger"), RecordID: h("record"), Date: h("date"), Amount: &amt, Reason: h("reason")}},
	}
	return l
}

// cleanedEvil is what a hostile text reads as once cleaned: controls and
// the bidi override dropped, the rest kept as text.
const cleanedEvil = evilScript + evilAttr + evilURL + evilCSS + "abc[31mdef]]>g&amp;"

func TestHostileText(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		l := hostile(lang)
		page, err := l.HTML()
		if err != nil {
			t.Fatal(err)
		}
		text, _, rows := pageText(t, lang, page)
		if rows != 1 {
			t.Errorf("%s: %d rows", lang, rows)
		}
		// The tokenizer saw no element but the allowed ones; the raw bytes
		// hold no markup from the data either.
		for _, bad := range []string{"<script", "<img", "<a ", "onerror=alert(2)>", "\x00", "\x07", "\x1b", "\u202E"} {
			if bytes.Contains(page, []byte(bad)) && !(bad == "onerror=alert(2)>" && bytes.Contains(page, []byte("onerror=alert(2)&gt;"))) {
				t.Errorf("%s: page contains %q", lang, bad)
			}
		}
		if n := bytes.Count(page, []byte("</style>")); n != 1 {
			t.Errorf("%s: %d </style>", lang, n)
		}
		for _, field := range []string{"name", "title", "text", "rule", "record", "reason", "issuer", "date", "ledger", "id", "run", "township"} {
			if !strings.Contains(text, field+cleanedEvil) {
				t.Errorf("%s: page text lacks the hostile %s as text", lang, field)
			}
		}

		doc := docxText(t, l)
		for _, field := range []string{"name", "title", "text", "rule", "record", "reason", "issuer", "date", "ledger", "id", "run", "township"} {
			if !strings.Contains(doc, field+cleanedEvil) {
				t.Errorf("%s: docx text lacks the hostile %s", lang, field)
			}
		}
		if strings.ContainsAny(doc, "\x00\x07\x1b\u202E") {
			t.Errorf("%s: docx keeps control characters", lang)
		}
	}
}
