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
// base, object, form, on* handlers, srcset, action…) fails; link and
// script src only name the report's own files by a relative path.
var (
	allowedTags = map[string]bool{
		"html": true, "head": true, "meta": true, "title": true, "style": true, "script": true, "body": true,
		"nav": true, "span": true, "a": true, "header": true, "h1": true, "h2": true, "h3": true, "dl": true, "dt": true,
		"dd": true, "div": true, "main": true, "section": true, "p": true, "table": true, "thead": true,
		"tbody": true, "tr": true, "th": true, "td": true, "ul": true, "li": true, "small": true, "code": true,
		"figure": true, "figcaption": true, "footer": true, "link": true, "br": true, "article": true,
	}
	allowedAttrs = map[string]bool{
		"lang": true, "charset": true, "name": true, "content": true, "class": true, "id": true, "href": true,
		"aria-current": true, "data-query": true, "data-chart": true, "data-chart-error": true, "style": true,
		"type": true, "colspan": true, "title": true, "rel": true, "src": true, "data-table": true,
	}
	// localHref: a page of the folder (with an anchor, a unit or a
	// search), the style sheet, or a draft letter.
	localHref = regexp.MustCompile(`^(\.\./)?(((index|planner|unit|payments|assets|validation|outcomes|diff|quality)\.html)?(#[A-Za-z0-9%._~:=-]*)?|lib/microrisk\.css|letters/[A-Za-z0-9_-]+\.(html|docx))$`)
	// localSrc: the report's own scripts and data files.
	localSrc = regexp.MustCompile(`^(\.\./)?(lib/(echarts\.min|microrisk|unit)\.js|data/units\.js)$`)
)

// pageParts walks a page with the HTML tokenizer and returns its text (as
// a browser decodes it), the bodies of its JSON script elements and of its
// code script elements; it fails the test on any element or attribute
// outside the allowlists and on any reference that is not a file of the
// report folder.
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
				checkAttr(t, name, tok.Data, a)
				if a.Key == "type" && tok.Data == "script" {
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
				if strings.TrimSpace(s) != "" {
					codeScripts = append(codeScripts, s)
				}
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

// checkAttr fails the test on an attribute a page may not carry.
func checkAttr(t *testing.T, name, tag string, a html.Attribute) {
	t.Helper()
	switch {
	case !allowedAttrs[a.Key]:
		t.Errorf("%s: <%s> has attribute %s=%q", name, tag, a.Key, a.Val)
	case a.Key == "href" && !localHref.MatchString(a.Val):
		t.Errorf("%s: href %q is not a file of the report", name, a.Val)
	case a.Key == "src" && (tag != "script" || !localSrc.MatchString(a.Val)):
		t.Errorf("%s: <%s src=%q> is not a script of the report", name, tag, a.Val)
	case a.Key == "rel" && (tag != "link" || a.Val != "stylesheet"):
		t.Errorf("%s: <%s rel=%q>", name, tag, a.Val)
	case a.Key == "style" && hasCSSFetch(a.Val):
		t.Errorf("%s: style %q fetches", name, a.Val)
	case a.Key == "type" && tag == "script" && a.Val != "application/json":
		t.Errorf("%s: script type %q", name, a.Val)
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

// TestHostileNamesAreInert writes the reports of a city whose unit names,
// reasons and record ids are hostile strings and checks every file of the
// folder: pages hold no element, attribute, inline code or reference
// outside the allowlists, their JSON parses and escapes < and >, the
// hostile strings reach the pages and data files only as text, and the
// page scripts never write HTML from strings.
func TestHostileNamesAreInert(t *testing.T) {
	db := newFixtureDB(t, false)
	hostile := []string{evilScript, evilFunc, evilAttr, evilCSV}
	for _, lang := range []string{LangZh, LangEn} {
		_, files := writeFixture(t, db, Options{Lang: lang})
		var dataStrings []string
		for name, b := range files {
			name = lang + "/" + name
			switch {
			case strings.HasSuffix(name, ".html"):
				checkPage(t, name, b, hostile)
			case strings.HasPrefix(name, lang+"/data/"):
				dataStrings = append(dataStrings, checkDataFile(t, name, b)...)
			}
		}
		all := strings.Join(dataStrings, "\n")
		for _, h := range hostile {
			if !strings.Contains(all, h) {
				t.Errorf("%s: the data files lack the hostile string %q", lang, h)
			}
		}
	}
	checkScripts(t)
}

// checkPage checks one page of the folder.
func checkPage(t *testing.T, name string, page []byte, hostile []string) {
	t.Helper()
	text, jsonScripts, codeScripts := pageParts(t, name, page)
	raw := string(page)
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
	if len(codeScripts) != 0 {
		t.Errorf("%s: %d inline code scripts; want none (the page loads lib/*.js)", name, len(codeScripts))
	}
	var jsonStrings []string
	for _, js := range jsonScripts {
		var v any
		if err := json.Unmarshal([]byte(js), &v); err != nil {
			t.Errorf("%s: JSON script does not parse: %v", name, err)
		}
		if strings.ContainsAny(js, "<>") {
			t.Errorf("%s: JSON script holds an unescaped < or >", name)
		}
		stringsIn(v, &jsonStrings)
	}
	for _, s := range jsonStrings {
		if strings.Contains(s, "__f__") && s != evilFunc && !strings.Contains(s, evilFunc) {
			t.Errorf("%s: JSON string %q carries a function marker", name, s)
		}
	}
	// The planner's tour plan and the funnel show the hostile names.
	if strings.HasSuffix(name, "/"+pagePlanner) {
		for _, h := range []string{evilFunc, evilAttr, evilCSV} {
			if !strings.Contains(text, h) {
				t.Errorf("%s: text lacks the unit name %q", name, h)
			}
			if !strings.Contains(strings.Join(jsonStrings, "\n"), h) {
				t.Errorf("%s: chart options lack the unit name %q", name, h)
			}
		}
	}
}

// dataFile is what a data file must be: one call of microrisk.put.
var dataFile = regexp.MustCompile(`(?s)^microrisk\.put\(("[^"<>]*"), (.*)\);\n$`)

// checkDataFile checks that a data file is one microrisk.put call of
// JSON with no < or > (encoding/json escapes them) and returns its strings.
func checkDataFile(t *testing.T, name string, b []byte) []string {
	t.Helper()
	m := dataFile.FindSubmatch(b)
	if m == nil {
		t.Errorf("%s: not a microrisk.put call: %.80q", name, b)
		return nil
	}
	if bytes.ContainsAny(m[2], "<>") {
		t.Errorf("%s: unescaped < or > in the data", name)
	}
	var v any
	if err := json.Unmarshal(m[2], &v); err != nil {
		t.Errorf("%s: data is not JSON: %v", name, err)
	}
	var out []string
	stringsIn(v, &out)
	return out
}

// checkScripts: the page scripts put data into the page through
// textContent and DOM properties only.
func checkScripts(t *testing.T) {
	t.Helper()
	for _, f := range []string{"static/microrisk.js", "static/unit.js"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute(\"on"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s uses %s", f, bad)
			}
		}
	}
}

// TestNoExternalReference: no file of the report folder refers to anything
// outside it; ECharts is written once, as lib/echarts.min.js, and no page
// inlines it.
func TestNoExternalReference(t *testing.T) {
	db := newFixtureDB(t, false)
	_, files := writeFixture(t, db, Options{})
	if !bytes.Equal(files[libECharts], []byte(echartsJS)) {
		t.Errorf("%s is not the embedded library", libECharts)
	}
	for name, b := range files {
		if name == libECharts || strings.HasSuffix(name, ".docx") {
			continue
		}
		if bytes.Contains(b, []byte(echartsJS[:2000])) {
			t.Errorf("%s inlines the library", name)
		}
		// Outside the library (whose six URL strings are checked by
		// TestEChartsAsset) no URL may appear at all.
		lower := strings.ToLower(string(b))
		for _, s := range []string{"http://", "https://", "//cdn", "@import", "url("} {
			if strings.Contains(lower, s) {
				t.Errorf("%s contains %q", name, s)
			}
		}
		if strings.HasSuffix(name, ".html") {
			pageParts(t, name, b) // relative src and href only, no CSS fetch
		}
	}
}
