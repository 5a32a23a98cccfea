package docx

import (
	"math"
	"testing"
)

// TestLayout checks the page against GB/T 9704-2012 §5.2: A4, a text block
// of 156 × 225 mm (±1 mm), 22 lines of 28 characters of 3号 (16 pt) text.
func TestLayout(t *testing.T) {
	mm := func(twips int) float64 { return float64(twips) / twipsPerMM }
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"page width", mm(pageWidth), 210},
		{"page height", mm(pageHeight), 297},
		{"top margin", mm(marginTop), 37},
		{"bottom margin", mm(marginBottom), 35},
		{"left margin", mm(marginLeft), 28},
		{"right margin", mm(marginRight), 26},
		{"text width", mm(textWidth), 156},
		{"text height", mm(textHeight), 225},
	} {
		if math.Abs(c.got-c.want) > 0.1 {
			t.Errorf("%s %.2f mm, want %.0f", c.name, c.got, c.want)
		}
	}
	if linesPerPage*linePitch > textHeight || (linesPerPage+1)*linePitch <= textHeight {
		t.Errorf("line pitch %d twips does not fit exactly 22 lines in %d", linePitch, textHeight)
	}
	if pt := float64(linePitch) / 20; pt < 28 || pt > 29.5 {
		t.Errorf("line pitch %.2f pt, want 28–29.5", pt)
	}
	pitch := float64(bodyTwips + charSpacing) // one character, twips
	if charsPerLine*pitch > textWidth || (charsPerLine+1)*pitch <= textWidth {
		t.Errorf("character pitch %.0f twips does not fit exactly 28 characters in %d", pitch, textWidth)
	}
}

func TestColumnWidths(t *testing.T) {
	for _, c := range []struct {
		rel  []float64
		cols int
		want []int
	}{
		{[]float64{1, 1}, 2, []int{4423, 4422}},
		{[]float64{10, 30}, 2, []int{2211, 6634}},
		{nil, 3, []int{2948, 2948, 2949}},
		{[]float64{1, 0}, 2, []int{4423, 4422}},                             // a zero width: equal shares
		{[]float64{1, math.NaN()}, 2, []int{4423, 4422}},                    // not a number
		{[]float64{1, math.Inf(1)}, 2, []int{4423, 4422}},                   // infinite
		{[]float64{1, 2, 3}, 2, []int{4423, 4422}},                          // too many
		{[]float64{math.MaxFloat64, math.MaxFloat64}, 2, []int{4423, 4422}}, // the sum overflows
	} {
		got := columnWidths(c.rel, c.cols)
		sum := 0
		for _, w := range got {
			sum += w
		}
		if sum != textWidth || len(got) != len(c.want) {
			t.Errorf("columnWidths(%v, %d) = %v: sum %d", c.rel, c.cols, got, sum)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("columnWidths(%v, %d) = %v, want %v", c.rel, c.cols, got, c.want)
				break
			}
		}
	}
}
