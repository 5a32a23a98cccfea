package risk

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestRankAndBand: the top shares take the bands while their composite
// is above 0, a unit tied with the first one left out stays out, and
// insufficient units rank last.
func TestRankAndBand(t *testing.T) {
	nan := math.NaN()
	c := Composite{HighShare: 0.1, ElevatedShare: 0.2}
	tests := []struct {
		name       string
		composites []float64 // NaN: insufficient
		want       string    // bands in unit order: h e n i
	}{
		{"ten distinct", []float64{9, 8, 7, 6, 5, 4, 3, 2, 1, 0.5}, "heennnnnnn"},
		{"all tied", []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, "nnnnnnnnnn"},
		{"tie at the high cut", []float64{9, 9, 7, 6, 5, 4, 3, 2, 1, 0.5}, "eeennnnnnn"},
		{"tie at the elevated cut", []float64{9, 8, 7, 7, 5, 4, 3, 2, 1, 0.5}, "hennnnnnnn"},
		{"nothing above the city", []float64{0, 0, -1, -1, -2, -2, -3, -3, -4, -4}, "nnnnnnnnnn"},
		{"insufficient last", []float64{nan, 8, 7, 6, 5, 4, 3, 2, 1, 0.5}, "iheennnnnn"},
	}
	for _, tt := range tests {
		us := make([]UnitScore, len(tt.composites))
		for i, x := range tt.composites {
			us[i] = UnitScore{UnitID: fmt.Sprintf("U%02d", i), Composite: x, Insufficient: x != x}
			if x != x {
				us[i].Composite = 0
			}
		}
		rankAndBand(us, c)
		var got strings.Builder
		for _, u := range us {
			got.WriteByte(u.Band[0])
		}
		if got.String() != tt.want {
			t.Errorf("%s: bands %s, want %s", tt.name, got.String(), tt.want)
		}
	}
}
