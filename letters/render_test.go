package letters_test

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/microrisk/microrisk/letters"
)

var renderDir = flag.String("render", "", "write the sample letters (sample-zh.html, sample-zh.docx, sample-en.*) to this folder, to look at")

// TestRenderSample writes the sample letters to -render's folder; without
// the flag it skips.
func TestRenderSample(t *testing.T) {
	if *renderDir == "" {
		t.Skip("no -render folder")
	}
	for _, lang := range []string{"zh", "en"} {
		l := sample(lang, 60)
		h, err := l.HTML()
		if err != nil {
			t.Fatal(err)
		}
		d, err := l.DOCX()
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Join(*renderDir, "sample-"+lang)
		if err := os.WriteFile(base+".html", h, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(base+".docx", d, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// rowsLetter is the sample letter with an annex of n rows of varied
// heights, each row's reason starting with the word beginNNNN and ending
// with endNNNN, so that a row split across two pages shows as the two
// words on different pages.
func rowsLetter(lang string, n int) letters.Letter {
	l := sample(lang, n)
	for i := range l.Evidence {
		l.Evidence[i].RecordID = fmt.Sprintf("R%04d", i+1)
		l.Evidence[i].Reason = fmt.Sprintf("begin%04d %s end%04d", i+1, strings.Repeat("情况说明", 1+i*7%9), i+1)
	}
	l.EvidenceTotal = 0
	return l
}

// headerCells are the first cells of the annex table's header row.
var headerCells = map[string][]string{"zh": {"序号", "指标", "台账", "记录编号", "日期"}, "en": {"No.", "Indicator", "Ledger", "Record", "Date"}}

// hasHeader reports whether a page's text (pdftotext -layout) has a line
// holding the header's cells in order.
func hasHeader(page, lang string) bool {
	for _, line := range strings.Split(page, "\n") {
		rest, ok := line, true
		for _, c := range headerCells[lang] {
			i := strings.Index(rest, c)
			if i < 0 {
				ok = false
				break
			}
			rest = rest[i+len(c):]
		}
		if ok {
			return true
		}
	}
	return false
}

// checkPDF reads the PDF of rowsLetter(lang, n) page by page: the letter's
// first page has its title and addressee, the annex starts a new page,
// every annex page has the table's header row, every row is on the PDF
// and no row is split across pages.
func checkPDF(t *testing.T, name, pdf, lang string, n int) {
	t.Helper()
	b, err := os.ReadFile(pdf)
	if err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("%s: no PDF: %v", name, err)
	}
	pdftotext := lookPath("pdftotext")
	if pdftotext == "" {
		t.Logf("%s: pdftotext (poppler-utils) not installed: the PDF's text is not read", name)
		return
	}
	out, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
	flat := func(s string) string { return strings.Join(strings.Fields(s), "") }
	first := map[string][]string{
		"zh": {"草稿·须经核实", "关于平乐镇团结村惠民资金发放和", "中共邛崃市平乐镇团结村支部委员会："},
		// pdftotext puts Chromium's CJK glyphs in a bold Latin title out of
		// order: the title is checked in parts.
		"en": {"DRAFT·tobeverified", "Workreminderto", "团结村", "payments", "CPCBranchCommitteeof团结村,平乐镇,邛崃市:"},
	}[lang]
	for _, w := range first {
		if !strings.Contains(flat(pages[0]), w) {
			t.Errorf("%s: page 1 lacks %q:\n%s", name, w, pages[0])
		}
	}
	if len(pages) < 3 {
		t.Fatalf("%s: %d pages, want at least 3", name, len(pages))
	}
	page := map[string]int{} // beginNNNN and endNNNN → page
	annexStart := -1
	for i, p := range pages {
		for _, w := range wordsIn(p) {
			page[w] = i + 1
		}
		if strings.Contains(p, "begin0001") {
			annexStart = i
			if strings.Contains(flat(p), "须经核实") || strings.Contains(flat(p), map[string]string{"zh": "联系电话", "en": "Telephone"}[lang]) {
				t.Errorf("%s: the annex does not start a new page", name)
			}
		}
		if annexStart >= 0 && !hasHeader(p, lang) {
			t.Errorf("%s: annex page %d lacks the header row:\n%s", name, i+1, p)
		}
	}
	if annexStart < 0 {
		t.Errorf("%s: no annex", name)
	}
	for i := 1; i <= n; i++ {
		b, e := page[fmt.Sprintf("begin%04d", i)], page[fmt.Sprintf("end%04d", i)]
		if b == 0 || e == 0 {
			t.Errorf("%s: row %d missing (begin on page %d, end on page %d)", name, i, b, e)
		} else if b != e {
			t.Errorf("%s: row %d split across pages %d and %d", name, i, b, e)
		}
	}
}

// wordsIn returns the beginNNNN and endNNNN words of a page's text.
func wordsIn(s string) []string {
	var out []string
	for _, prefix := range []string{"begin", "end"} {
		for rest := s; ; {
			i := strings.Index(rest, prefix)
			if i < 0 || i+len(prefix)+4 > len(rest) {
				break
			}
			out = append(out, rest[i:i+len(prefix)+4])
			rest = rest[i+len(prefix):]
		}
	}
	return out
}

func lookPath(names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// annexRows is the number of rows of the letters converted to PDF: several
// pages of annex.
const annexRows = 80

// TestLibreOffice converts the .docx letters (Chinese and English) to PDF
// with LibreOffice, headless, and reads them back (see checkPDF). It skips
// when soffice is not installed.
func TestLibreOffice(t *testing.T) {
	soffice := lookPath("soffice", "libreoffice")
	if soffice == "" {
		t.Skip("soffice (LibreOffice) not installed: the .docx letters are not converted to PDF")
	}
	dir := t.TempDir()
	args := []string{"--headless", "--norestore",
		"-env:UserInstallation=" + (&url.URL{Scheme: "file", Path: filepath.Join(dir, "profile")}).String(),
		"--convert-to", "pdf", "--outdir", dir}
	for _, lang := range []string{"zh", "en"} {
		b, err := rowsLetter(lang, annexRows).DOCX()
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, lang+".docx")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", soffice, err, out)
	}
	for _, lang := range []string{"zh", "en"} {
		checkPDF(t, lang+".docx", filepath.Join(dir, lang+".pdf"), lang, annexRows)
	}
}

// TestChromium prints the HTML letters to PDF with headless Chromium, as a
// user prints the page, and reads them back (see checkPDF): the print
// style keeps rows whole, repeats the header row and starts the annex on
// a new page. It skips when Chromium is not installed.
func TestChromium(t *testing.T) {
	chromium := lookPath("chromium", "chromium-browser", "google-chrome")
	if chromium == "" {
		t.Skip("no chromium on PATH: the HTML letters are not printed")
	}
	dir := t.TempDir()
	for _, lang := range []string{"zh", "en"} {
		b, err := rowsLetter(lang, annexRows).HTML()
		if err != nil {
			t.Fatal(err)
		}
		page, pdf := filepath.Join(dir, lang+".html"), filepath.Join(dir, lang+".pdf")
		if err := os.WriteFile(page, b, 0o600); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		out, err := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
			"--user-data-dir="+filepath.Join(dir, "profile-"+lang), "--no-pdf-header-footer",
			"--print-to-pdf="+pdf, (&url.URL{Scheme: "file", Path: page}).String()).CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("%s: %v\n%s", chromium, err, out)
		}
		checkPDF(t, lang+".html", pdf, lang, annexRows)
	}
}
