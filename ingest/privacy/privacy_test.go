package privacy

import (
	"errors"
	"strings"
	"testing"
)

func TestMaskIDs(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"张三", "张三"},
		{"110101199003071234", "1101************34"},
		{"身份证110101199003071234号", "身份证1101************34号"},
		{"11010119900307123X", "1101************3X"},
		{"11010119900307123x", "1101************3X"},
		{"１１０１０１１９９００３０７１２３４", "1101************34"},
		{"110101 19900307 1234", "1101************34"},
		{"1101-0119-9003-0712-34", "1101************34"},
		{"id 110101199003071234, and 510104198001010014.", "id 1101************34, and 5101************14."},
		{"12 110101199003071234", "12 1101************34"},
		{"6222021001112223334", "6222021001112223334"},               // 19 digits: a bank card
		{"110101199013071234", "110101199013071234"},                 // month 13: no birth date
		{"110101180003071234", "110101180003071234"},                 // year 1800
		{"P2017-05-03 amount 1234567", "P2017-05-03 amount 1234567"}, // digits, but no number
		{"1101011990030712X4", "1101011990030712X4"},
	} {
		if got := MaskIDs(tt.in); got != tt.want {
			t.Errorf("MaskIDs(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !MayHoldID([]byte(tt.in)) && MaskIDs(tt.in) != tt.in {
			t.Errorf("MayHoldID(%q) = false, but MaskIDs changes it", tt.in)
		}
	}
}

// FuzzMaskIDs: masking never leaves a masked ID findable, never lengthens
// text of no ID, and agrees with MayHoldID.
func FuzzMaskIDs(f *testing.F) {
	for _, s := range []string{"110101199003071234", "a 1101 0119 9003 0712 34 b", "１１０１０１１９９００３０７１２３４", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := MaskIDs(s)
		if !MayHoldID([]byte(s)) && m != s {
			t.Fatalf("MayHoldID false but MaskIDs(%q) = %q", s, m)
		}
		if again := MaskIDs(m); again != m {
			t.Fatalf("MaskIDs(%q) = %q, masked again %q", s, m, again)
		}
	})
}

func TestMaskName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""}, {"张", "*"}, {"张三", "张*"}, {" 张三丰 ", "张**"}, {"欧阳修", "欧**"},
		{"买买提·艾力", "买**·**"}, {"John Smith", "J*** *****"}, {"110101199003071234", "1*****************"},
	} {
		if got := MaskName(tt.in); got != tt.want {
			t.Errorf("MaskName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskPartyName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"张三", "张*"},
		{"成都某农业开发有限公司", "成都某农业开发有限公司"},
		{"某村第三村民小组", "某村第三村民小组"},
		{"利民合作社（法人110101199003071234）", "利民合作社（法人1101************34）"},
		{"Acme Co., Ltd", "Acme Co., Ltd"},
	} {
		if got := MaskPartyName(tt.in); got != tt.want {
			t.Errorf("MaskPartyName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAccountKey(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"6222 0000 1234 5678", "6222000012345678"}, {"６２２２-0000", "62220000"}, {" ab12 ", "AB12"}, {"", ""},
	} {
		if got := AccountKey(tt.in); got != tt.want {
			t.Errorf("AccountKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKeys(t *testing.T) {
	if !errors.Is(CheckKey(""), ErrNoKey) || !errors.Is(CheckKey("short"), ErrShortKey) || CheckKey(InsecureTestKey) != nil {
		t.Error("CheckKey")
	}
	if _, err := NewPseudonymizer("0123456789abcde"); !errors.Is(err, ErrShortKey) {
		t.Errorf("a 15-byte key: %v", err)
	}
	a, b := Fingerprint(InsecureTestKey), Fingerprint(InsecureTestKey+"!")
	if len(a) != 16 || a == b || a != Fingerprint(InsecureTestKey) || strings.Contains(a, InsecureTestKey) {
		t.Errorf("fingerprints %q, %q", a, b)
	}
	p, err := NewPseudonymizer(InsecureTestKey)
	if err != nil {
		t.Fatal(err)
	}
	id := "110101199003071234"
	if p.Of(id) == p.OfAccount(id) || !strings.HasPrefix(p.Of(id), PersonPrefix) || !strings.HasPrefix(p.OfAccount(id), AccountPrefix) {
		t.Errorf("Of %q, OfAccount %q", p.Of(id), p.OfAccount(id))
	}
	if len(p.Of(id)) != 34 {
		t.Errorf("pseudonym %q: want 34 characters", p.Of(id))
	}
}
