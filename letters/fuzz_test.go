package letters_test

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLetter puts arbitrary text in the unit's name, a fact and a record:
// the page never holds an element or attribute outside the allowlist, and
// the .docx reads back with the name's cleaned text.
func FuzzLetter(f *testing.F) {
	for _, s := range []string{"团结村", evilScript, evilAttr, evilURL, evilCSS, evilCtl, "]]><w:p>", "\xff\xfe", "&#60;script&#62;", "{{.Name}}"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, name, text string) {
		l := hostile("zh")
		l.Unit.Name, l.Unit.Path = name, nil
		l.Facts[0].Text = text
		l.Evidence[0].RecordID = name + text
		page, herr := l.HTML()
		_, derr := l.DOCX()
		if (herr == nil) != (derr == nil) {
			t.Fatalf("HTML error %v, DOCX error %v", herr, derr)
		}
		if herr != nil {
			return // an empty name or fact, once cleaned
		}
		pageText(t, "fuzz", page)
		if !utf8.Valid(page) {
			t.Error("the page is not UTF-8")
		}
		doc := docxText(t, l)
		if a := l.Addressee(); !strings.Contains(doc, a) {
			t.Errorf("the docx lacks the addressee %q", a)
		}
	})
}
