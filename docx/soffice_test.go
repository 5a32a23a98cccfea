package docx_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/microrisk/microrisk/docx"
)

// TestLibreOffice converts documents to PDF with LibreOffice, headless, and
// reads the PDFs: the letter converts, its annex starts a page and its
// table's header repeats on every page; a page holds exactly 22 lines of
// exactly 28 characters of body text (GB/T 9704 §5.2.2), which shows that
// the layout's figures reach a real renderer. It skips when soffice is not
// installed, and reads the PDFs only where pdfinfo and pdftotext (poppler)
// are.
func TestLibreOffice(t *testing.T) {
	soffice := lookPath("soffice", "libreoffice")
	if soffice == "" {
		t.Skip("soffice (LibreOffice) not installed: the DOCX is not converted to PDF")
	}
	dir := t.TempDir()
	lines := func(n int, line string) *docx.Document {
		d := docx.New()
		for range n {
			d.Paragraph(docx.Left, docx.Text(line))
		}
		return d
	}
	row28 := strings.Repeat("监", 28)
	docs := []struct {
		name  string
		doc   *docx.Document
		pages int
	}{
		{"letter", letter(60), 0}, // pages depend on the fonts: see checkLetter
		{"lines22", lines(22, "第一行"), 1},
		{"lines23", lines(23, "第一行"), 2},
		{"chars28", lines(22, row28), 1},     // 28 characters fill one line
		{"chars29", lines(12, row28+"监"), 2}, // a 29th wraps: 24 lines
	}
	args := []string{"--headless", "--norestore", "-env:UserInstallation=" + (&url.URL{Scheme: "file", Path: filepath.Join(dir, "profile")}).String(),
		"--convert-to", "pdf", "--outdir", dir}
	for _, d := range docs {
		path := filepath.Join(dir, d.name+".docx")
		if err := os.WriteFile(path, d.doc.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, soffice, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", soffice, err, out)
	}
	pdfinfo := lookPath("pdfinfo")
	for _, d := range docs {
		pdf := filepath.Join(dir, d.name+".pdf")
		b, err := os.ReadFile(pdf)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s: no PDF (%v)\n%s", d.name, err, out)
			continue
		}
		if pdfinfo == "" {
			continue
		}
		n, err := pages(ctx, pdfinfo, pdf)
		if err != nil {
			t.Error(err)
		} else if d.pages == 0 {
			checkLetter(ctx, t, pdf, n)
		} else if n != d.pages {
			t.Errorf("%s: %d pages, want %d", d.name, n, d.pages)
		}
	}
	if pdfinfo == "" {
		t.Log("pdfinfo (poppler-utils) not installed: pages not counted")
	}
}

// checkLetter checks that the letter's first page has its text and no
// annex, and that each later page has the annex table's header row.
func checkLetter(ctx context.Context, t *testing.T, pdf string, n int) {
	if n < 3 {
		t.Errorf("letter: %d pages, want at least 3 (a page of text, an annex of 60 rows)", n)
	}
	pdftotext := lookPath("pdftotext")
	if pdftotext == "" {
		return
	}
	for p := 1; p <= n; p++ {
		out, err := exec.CommandContext(ctx, pdftotext, "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		text := strings.Join(strings.Fields(string(out)), "")
		if p == 1 && (!strings.Contains(text, "工作提醒函") || strings.Contains(text, "记录编号")) {
			t.Errorf("page 1 should hold the letter and no annex: %s", text)
		}
		if p > 1 && !strings.Contains(text, "序号记录编号项目发放日期金额（元）") {
			t.Errorf("page %d lacks the annex's header row: %s", p, text)
		}
	}
}

func lookPath(names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

var pagesRE = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

func pages(ctx context.Context, pdfinfo, pdf string) (int, error) {
	out, err := exec.CommandContext(ctx, pdfinfo, pdf).Output()
	if err != nil {
		return 0, fmt.Errorf("pdfinfo %s: %w", pdf, err)
	}
	m := pagesRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("pdfinfo %s: no page count in %q", pdf, out)
	}
	return strconv.Atoi(string(m[1]))
}
