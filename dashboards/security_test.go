package dashboards

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// libraryURLs are the only URL strings inside echarts.min.js 5.4.3: two
// licence comments and four XML namespace names (identifiers, never
// fetched). See assets/README.md.
var libraryURLs = []string{
	"http://www.apache.org/licenses/LICENSE-2.0",
	"http://www.w3.org/1999/xlink",
	"http://www.w3.org/2000/svg",
	"http://www.w3.org/2000/xmlns/",
	"http://www.w3.org/XML/1998/namespace",
	"https://github.com/ecomfe/zrender/blob/master/LICENSE.txt",
}

func TestEChartsAsset(t *testing.T) {
	sum := sha256.Sum256([]byte(echartsJS))
	if got := hex.EncodeToString(sum[:]); got != echartsSHA256 {
		t.Fatalf("embedded echarts.min.js sha256 = %s, want %s (npm echarts@5.4.3)", got, echartsSHA256)
	}
	readme, err := os.ReadFile("assets/README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, []byte(echartsSHA256)) || !bytes.Contains(readme, []byte("5.4.3")) {
		t.Error("assets/README.md does not record the sha256 and version")
	}
	// Inlined into a <script> element, the library must not be able to
	// end it or to enter the script-data-escaped state.
	lower := strings.ToLower(echartsJS)
	for _, s := range []string{"</script", "<!--"} {
		if strings.Contains(lower, s) {
			t.Errorf("echarts.min.js contains %q", s)
		}
	}
	urls := regexp.MustCompile(`https?://[^\s"'()]+`).FindAllString(echartsJS, -1)
	sort.Strings(urls)
	if strings.Join(urls, "\n") != strings.Join(libraryURLs, "\n") {
		t.Errorf("URL strings in echarts.min.js:\n%s\nwant:\n%s", strings.Join(urls, "\n"), strings.Join(libraryURLs, "\n"))
	}
}

func TestSafeJSON(t *testing.T) {
	js, err := safeJSON(map[string]any{"name": evilScript + evilAttr + "a&b\u2028\u2029" + evilFunc})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(js), "<>&\u2028\u2029") {
		t.Errorf("safeJSON left a character that could break out of <script>: %s", js)
	}
	var back map[string]string
	if err := json.Unmarshal([]byte(js), &back); err != nil || back["name"] != evilScript+evilAttr+"a&b\u2028\u2029"+evilFunc {
		t.Errorf("round trip: %v %q", err, back["name"])
	}
}

// Elements and attributes a page may contain. Anything else (img, iframe,
// link, base, object, form, on* handlers, src, srcset, action…) fails.
var (
	allowedTags = map[string]bool{
		"html": true, "head": true, "meta": true, "title": true, "style": true, "script": true, "body": true,
		"nav": true, "span": true, "a": true, "header": true, "h1": true, "h2": true, "dl": true, "dt": true,
		"dd": true, "div": true, "main": true, "section": true, "p": true, "table": true, "thead": true,
		"tbody": true, "tr": true, "th": true, "td": true, "ul": true, "li": true, "small": true, "code": true,
		"figure": true, "figcaption": true, "footer": true,
	}
	allowedAttrs = map[string]bool{
		"lang": true, "charset": true, "name": true, "content": true, "class": true, "id": true, "href": true,
		"aria-current": true, "data-query": true, "data-chart": true, "data-chart-error": true, "style": true,
		"type": true, "colspan": true,
	}
	localHref = regexp.MustCompile(`^((index|planner|quality)\.html)?(#[a-z-]+)?$`)
)

// pageParts walks a page with the HTML tokenizer and returns its text (as
// a browser decodes it), the bodies of its JSON script elements and of its
// code script elements; it fails the test on any element or attribute
// outside the allowlists and on any reference that is not a sibling page.
func pageParts(t *testing.T, name string, page []byte) (text string, jsonScripts, codeScripts []string) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(page))
	var inScript, inStyle, isJSON bool
	var sb strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return sb.String(), jsonScripts, codeScripts
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if !allowedTags[tok.Data] {
				t.Errorf("%s: element <%s> is not allowed", name, tok.Data)
			}
			isJSON = false
			for _, a := range tok.Attr {
				if !allowedAttrs[a.Key] {
					t.Errorf("%s: <%s> has attribute %s=%q", name, tok.Data, a.Key, a.Val)
				}
				if a.Key == "href" && !localHref.MatchString(a.Val) {
					t.Errorf("%s: href %q is not a sibling page", name, a.Val)
				}
				if a.Key == "style" && hasCSSFetch(a.Val) {
					t.Errorf("%s: style %q fetches", name, a.Val)
				}
				if a.Key == "type" && tok.Data == "script" {
					if a.Val != "application/json" {
						t.Errorf("%s: script type %q", name, a.Val)
					}
					isJSON = true
				}
			}
			inScript, inStyle = tok.Data == "script", tok.Data == "style"
		case html.EndTagToken:
			inScript, inStyle = false, false
		case html.TextToken:
			s := string(z.Text())
			switch {
			case inScript && isJSON:
				jsonScripts = append(jsonScripts, s)
			case inScript:
				codeScripts = append(codeScripts, s)
			case inStyle:
				if hasCSSFetch(s) {
					t.Errorf("%s: <style> imports or fetches", name)
				}
			default:
				sb.WriteString(s)
			}
		}
	}
}

// newlines converts line ends as the HTML tokenizer does.
var newlines = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func hasCSSFetch(css string) bool {
	css = strings.ToLower(css)
	return strings.Contains(css, "@import") || strings.Contains(css, "url(")
}

// stringsIn returns every string in a decoded JSON value.
func stringsIn(v any, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, v)
	case []any:
		for _, e := range v {
			stringsIn(e, out)
		}
	case map[string]any:
		for k, e := range v {
			*out = append(*out, k)
			stringsIn(e, out)
		}
	}
}

func TestHostileNamesAreInert(t *testing.T) {
	db := newFixtureDB(t, false)
	hostile := []string{evilScript, evilFunc, evilAttr, evilCSV}
	for _, lang := range []string{LangZh, LangEn} {
		_, pages := writeFixture(t, db, Options{Lang: lang})
		for name, page := range pages {
			name = lang + "/" + name
			text, jsonScripts, codeScripts := pageParts(t, name, page)

			// Raw bytes outside the library (which has its own "<img" and
			// "onerror=" in code): nothing executable, markers intact.
			raw := strings.Replace(string(page), echartsJS, "", 1)
			for _, bad := range []string{"<script>alert", "<img", "<IMG"} {
				if strings.Contains(raw, bad) {
					t.Errorf("%s contains %q unescaped", name, bad)
				}
			}
			for _, m := range regexp.MustCompile(`(.{0,16})onerror=`).FindAllStringSubmatch(raw, -1) {
				if !strings.HasSuffix(m[1], "&lt;img src=x ") && !strings.HasSuffix(m[1], `\u003cimg src=x `) {
					t.Errorf("%s: onerror= outside escaped text: %q", name, m[0])
				}
			}
			for _, m := range regexp.MustCompile(`(.{0,5})function\(\)\{alert\(1\)\}(.{0,5})`).FindAllStringSubmatch(raw, -1) {
				if m[1] != "__f__" || m[2] != "__f__" {
					t.Errorf("%s: the __f__ marker was stripped: %q", name, m[0])
				}
			}

			// Code scripts: the library and the page's own loader only.
			if len(codeScripts) != 2 || codeScripts[0] != newlines.Replace(echartsJS) || !strings.Contains(codeScripts[1], "echarts.init") ||
				strings.Contains(codeScripts[1], "alert") {
				t.Errorf("%s: %d code scripts; want the library and the loader", name, len(codeScripts))
			}
			// JSON scripts parse; hostile names stay plain strings.
			var jsonStrings []string
			for _, js := range jsonScripts {
				var v any
				if err := json.Unmarshal([]byte(js), &v); err != nil {
					t.Errorf("%s: option is not JSON: %v", name, err)
				}
				if strings.ContainsAny(js, "<>") {
					t.Errorf("%s: option holds an unescaped < or >", name)
				}
				stringsIn(v, &jsonStrings)
			}
			for _, s := range jsonStrings {
				if strings.Contains(s, "__f__") && s != evilFunc {
					t.Errorf("%s: option string %q carries a function marker", name, s)
				}
			}

			// The planner shows every hostile name, as text and in the funnel.
			if strings.HasSuffix(name, pagePlanner) {
				for _, h := range hostile {
					if !strings.Contains(text, h) {
						t.Errorf("%s: text lacks the unit name %q", name, h)
					}
				}
				in := strings.Join(jsonStrings, "\n")
				for _, h := range []string{evilFunc, evilAttr, evilCSV} {
					if !strings.Contains(in, h) {
						t.Errorf("%s: funnel option lacks the unit name %q", name, h)
					}
				}
			}
		}
	}
}

func TestNoExternalReference(t *testing.T) {
	db := newFixtureDB(t, false)
	dir := t.TempDir()
	if _, err := Write(t.Context(), db, Options{OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		page, err := os.ReadFile(dir + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(page), echartsJS); n != 1 {
			t.Errorf("%s inlines the library %d times, want once", e.Name(), n)
		}
		// Outside the inlined library (whose six URL strings are checked
		// by TestEChartsAsset) no URL may appear at all.
		rest := strings.Replace(string(page), echartsJS, "", 1)
		for _, s := range []string{"http://", "https://", "//cdn", `src="http`, "src=", "@import", "url("} {
			if strings.Contains(strings.ToLower(rest), s) && !(s == "src=" && strings.Count(rest, "src=") == strings.Count(rest, "img src=x")) {
				t.Errorf("%s contains %q outside the library", e.Name(), s)
			}
		}
		pageParts(t, e.Name(), page) // no src attribute, local hrefs only, no CSS fetch
	}
}
