package csvprep

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestRecord checks how a record is found clean: each field split at the
// delimiters and checked, stored forms put in place wherever the field
// stands (first, last, empty); a record with too few or too many fields,
// a value not plain, a required value missing, a value over the cell
// limit, or one its Store refuses is not clean.
func TestRecord(t *testing.T) {
	calls := 0
	upper := func(_ *[]byte, v []byte) ([]byte, bool) {
		calls++
		if string(v) == "bad" {
			return nil, false
		}
		return []byte(strings.ToUpper(string(v))), true
	}
	c := Clean{Fields: []Field{
		{Store: upper, Repeats: true},
		{Kind: Member, Set: map[string]bool{"u1": true}, Required: true},
		{Kind: Amount},
		{Kind: Date},
		{Aside: true},
		{Store: upper},
	}}
	cl := newCleaner(c, Limits{MaxCellBytes: 12, MaxRowBytes: 1 << 10, MaxColumns: 10})
	s := cl.scratch()
	for _, tt := range []struct {
		in, want string // want: the stored values, | between
		clean    bool
	}{
		{"ab,u1,1.5,2016-05-01,x;y,cd", "AB|u1|1.5|2016-05-01|x;y|CD", true},
		{",u1,,,,", "|u1||||", true},
		{"ab,u1,1.5,2016-05-01,,ab", "AB|u1|1.5|2016-05-01||AB", true},
		{"ab,u1,1.5,2016-05-01,", "", false},                // too few fields
		{"ab,u1,1.5,2016-05-01,,,x", "", false},             // too many
		{"ab,u1,1.5,2016-5-1,,x", "", false},                // not a plain date
		{"ab,u2,1.5,2016-05-01,,x", "", false},              // not a member
		{"ab,,1.5,2016-05-01,,x", "", false},                // required
		{"bad,u1,1.5,2016-05-01,,x", "", false},             // refused by Store
		{"ab,u1,1.5,2016-05-01,,1234567890123", "", false},  // over the cell limit
		{"ab,u1,1.5,2016-05-01,1234567890123,x", "", false}, // a value kept aside too
	} {
		ok := cl.record([]byte(tt.in), ',', s)
		if ok != tt.clean {
			t.Errorf("record(%q) clean = %v, want %v", tt.in, ok, tt.clean)
			continue
		}
		if !ok {
			continue
		}
		var got []string
		for _, v := range s.stored {
			got = append(got, string(v))
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("record(%q) stores %q, want %q", tt.in, g, tt.want)
		}
	}
	// A repeated value is stored from the last answer, without Store.
	before := calls
	cl.record([]byte("zz,u1,,,,"), ',', s)
	cl.record([]byte("zz,u1,,,,"), ',', s)
	if calls != before+1 {
		t.Errorf("%d calls of Store for the same value twice, want 1", calls-before)
	}
}

// TestSortKeys compares sortKeys with the standard library's sort, on
// slices above and below the size where it buckets by the top byte.
func TestSortKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 1000, 1 << 16, 300_000} {
		ks := make([]uint64, n)
		for i := range ks {
			ks[i] = r.Uint64()
			if i%7 == 0 {
				ks[i] &= 0x00FF_FFFF_FFFF_FFFF // crowd one bucket
			}
			if i%5 == 0 {
				ks[i] &= 0x0000_00FF_FFFF_FFFF // and buckets within it, three levels down
			}
			if i%11 == 0 && i > 0 {
				ks[i] = ks[i-1] // repeats
			}
		}
		want := slices.Clone(ks)
		slices.Sort(want)
		sortKeys(ks)
		if !slices.Equal(ks, want) {
			t.Errorf("n = %d: sortKeys differs from slices.Sort", n)
		}
	}
	if !keysUnique([][]uint64{{1, 3}, {2, 4}}) || keysUnique([][]uint64{{1, 3}, {3}}) || keysUnique([][]uint64{{1, 1}}) {
		t.Error("keysUnique")
	}
}
