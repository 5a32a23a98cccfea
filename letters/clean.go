package letters

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText makes text from the data fit for a letter: invalid UTF-8,
// control characters (C0 and C1 but tab and line ends, and DEL),
// bidirectional formatting characters (which could make a record id read
// backwards, "Trojan Source") and Unicode non-characters are dropped; tabs
// and line ends become spaces, since every field is one line or one
// paragraph; leading and trailing white space goes.
func cleanText(s string) string {
	if isClean(s) {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

func isClean(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\t' || r == '\n' || r == '\r' || unsafeRune(r) {
			return false
		}
	}
	return true
}

// unsafeRune reports whether r is dropped from letters' text.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true // bidirectional embeddings, overrides, isolates and marks
	case r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE:
		return true // non-characters
	}
	return false
}

// cleaned returns a copy of l with every text cleaned by cleanText.
func (l Letter) cleaned() Letter {
	c := l
	c.RunID, c.Issuer = cleanText(l.RunID), cleanText(l.Issuer)
	c.Unit = cleanUnit(l.Unit)
	c.Facts = make([]Fact, len(l.Facts))
	for i, f := range l.Facts {
		c.Facts[i] = Fact{Family: cleanText(f.Family), Title: cleanText(f.Title), Text: cleanText(f.Text)}
	}
	c.Evidence = make([]Evidence, len(l.Evidence))
	for i, e := range l.Evidence {
		c.Evidence[i] = Evidence{Rule: cleanText(e.Rule), Ledger: cleanText(e.Ledger), RecordID: cleanText(e.RecordID),
			Date: cleanText(e.Date), Amount: e.Amount, Reason: cleanText(e.Reason)}
	}
	return c
}

// cleanUnit returns a copy of u with every text cleaned by cleanText.
func cleanUnit(u Unit) Unit {
	c := Unit{ID: cleanText(u.ID), Name: cleanText(u.Name), Level: cleanText(u.Level), Kind: cleanText(u.Kind),
		PartyOrg: cleanText(u.PartyOrg), Path: make([]string, len(u.Path))}
	for i, p := range u.Path {
		c.Path[i] = cleanText(p)
	}
	return c
}
