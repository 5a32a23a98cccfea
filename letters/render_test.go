package letters_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
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
