package normalize

import (
	"regexp/syntax"
	"strings"
	"testing"
	"unicode"
)

// patternASCII returns the printable ASCII characters the pattern can match
// (case variants included), by walking its syntax tree. It fails on
// constructs that match any character.
func patternASCII(t *testing.T, pattern string) string {
	t.Helper()
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[rune]bool{}
	add := func(r rune, fold bool) {
		if r > 0x20 && r < 0x7F {
			seen[r] = true
			if fold {
				seen[unicode.SimpleFold(r)] = true
			}
		}
	}
	var walk func(*syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		fold := re.Flags&syntax.FoldCase != 0
		switch re.Op {
		case syntax.OpLiteral:
			for _, r := range re.Rune {
				add(r, fold)
			}
		case syntax.OpCharClass:
			for i := 0; i+1 < len(re.Rune); i += 2 {
				for r := re.Rune[i]; r <= re.Rune[i+1] && r < 0x7F; r++ {
					add(r, fold)
				}
			}
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			t.Fatalf("%s matches any character", pattern)
		}
		for _, sub := range re.Sub {
			walk(sub)
		}
	}
	walk(re)
	var b strings.Builder
	for r := rune(0x21); r < 0x7F; r++ {
		if seen[r] {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestAlphabets checks that each SQL face folds the full-width form of every
// ASCII character its patterns can match, which makes its partial folding
// (sqlFoldOnly) equivalent to FoldWidth.
func TestAlphabets(t *testing.T) {
	for _, tt := range []struct {
		alphabet string
		patterns []string
	}{
		{dateAlphabet, []string{datePattern, serialPattern}},
		{amountAlphabet, []string{amountPattern}},
		{intAlphabet, []string{intPattern}},
		{idAlphabet, []string{idPattern}},
	} {
		for _, p := range tt.patterns {
			for _, r := range patternASCII(t, p) {
				if !strings.ContainsRune(tt.alphabet, r) {
					t.Errorf("pattern %s can match %q, missing from alphabet %q", p, r, tt.alphabet)
				}
			}
		}
		if !strings.ContainsRune(tt.alphabet, ' ') {
			t.Errorf("alphabet %q lacks the space", tt.alphabet)
		}
	}
}
