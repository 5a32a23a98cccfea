package normalize

import "testing"

func TestCreditCode(t *testing.T) {
	db := openDB(t)
	for _, tt := range []struct {
		in    string
		valid bool
	}{
		{"91350100M000100Y43", true}, // GB 32100-2015's worked example
		{"91350100m000100y43", true},
		{"９１３５０１００Ｍ０００１００Ｙ４３", true},
		{"91350100M000100Y44", false},
		{"91350100M000100Y4", false},
		{"91350100I000100Y43", false},
		{"510104198001010014", false},
	} {
		err := CheckCreditCode(tt.in)
		if (err == nil) != tt.valid {
			t.Errorf("CheckCreditCode(%q) = %v, want valid %v", tt.in, err, tt.valid)
		}
		var got bool
		if err := db.QueryRow("SELECT "+SQLCreditCodeValid("?::VARCHAR"), tt.in).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tt.valid {
			t.Errorf("SQLCreditCodeValid(%q) = %v, want %v", tt.in, got, tt.valid)
		}
	}
}
