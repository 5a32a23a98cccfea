package model

import (
	"strings"
	"testing"
)

func TestHeadersAreUnambiguous(t *testing.T) {
	for _, l := range Ledgers {
		seen := map[string]string{}
		for _, c := range l.Columns {
			for _, h := range c.Headers() {
				k, _ := HeaderKey(h)
				if k == "" {
					continue
				}
				if other, ok := seen[k]; ok && other != c.Name {
					t.Errorf("%s: header %q names both %s and %s", l.Name, h, other, c.Name)
				}
				seen[k] = c.Name
			}
		}
	}
}

func TestMatchHeader(t *testing.T) {
	tests := []struct {
		ledger, header, want string
		wan                  bool
	}{
		{"cases", "立案日期", "filed_on", false},
		{"cases", " Filed_On ", "filed_on", false},
		{"cases", "ＵＮＩＴ＿ＩＤ", "unit_id", false},
		{"payments", "发放金额（万元）", "amount_yuan", true},
		{"payments", "发放金额(元)", "amount_yuan", false},
		{"payments", "身份证号", "payee_id", false},
		{"assets", "面积（亩）", "area_mu", false},
		{"units", "经度", "longitude", false},
		{"units", "纬度", "latitude", false},
		{"inspections", "已整改问题数", "problems_rectified", false},
		{"reports", "被举报人身份证号", "accused_id", false},
		{"cases", "备注", "", false},
	}
	for _, tt := range tests {
		l, _ := LedgerByName(tt.ledger)
		c, wan := l.MatchHeader(tt.header)
		got := ""
		if c != nil {
			got = c.Name
		}
		if got != tt.want || wan != tt.wan {
			t.Errorf("%s.MatchHeader(%q) = %q, %v; want %q, %v", tt.ledger, tt.header, got, wan, tt.want, tt.wan)
		}
	}
}

func TestLedgerContract(t *testing.T) {
	if len(Ledgers) != 12 {
		t.Fatalf("got %d ledgers, want the twelve of DESIGN.md", len(Ledgers))
	}
	for _, l := range Ledgers {
		if len(l.Key) == 0 {
			t.Errorf("%s has no key", l.Name)
		}
		for _, k := range l.Key {
			c, ok := l.Column(k)
			if !ok || !c.Required {
				t.Errorf("%s: key column %s missing or not required", l.Name, k)
			}
		}
		for _, c := range l.Columns {
			if c.Type == Code && c.Enum == nil {
				t.Errorf("%s.%s is a code without an enum", l.Name, c.Name)
			}
			if c.Zh == "" {
				t.Errorf("%s.%s has no Chinese header", l.Name, c.Name)
			}
		}
		if !strings.Contains(l.CreateTableSQL(), `"_batch" BIGINT`) && !strings.Contains(l.CreateTableSQL(), "_batch BIGINT") {
			t.Errorf("%s DDL lacks lineage", l.Name)
		}
	}
}

func TestLedgerForFile(t *testing.T) {
	for file, want := range map[string]string{
		"cases.csv": "cases", "cases_2017-05.xlsx": "cases", "Payments.parquet": "payments",
		"registers_deceased.csv": "registers", "notes.txt": "",
	} {
		l, ok := LedgerForFile(file)
		got := ""
		if ok {
			got = l.Name
		}
		if got != want {
			t.Errorf("LedgerForFile(%q) = %q, want %q", file, got, want)
		}
	}
}

func TestEnumLookup(t *testing.T) {
	for _, tt := range []struct {
		e        *Enum
		in, want string
	}{
		{Channels, "12388热线", "hotline_12388"},
		{Channels, "HOTLINE_12388", "hotline_12388"},
		{ReportCategories, "检控类", "accusation"},
		{Domains, "集体三资", "three_assets"},
	} {
		got, ok := tt.e.Lookup(tt.in)
		if !ok || got != tt.want {
			t.Errorf("%s.Lookup(%q) = %q, %v; want %q", tt.e.Name, tt.in, got, ok, tt.want)
		}
	}
	if Domains.Label("land", "zh") != "土地整理流转" || Domains.Label("land", "en") != "land consolidation and transfer" {
		t.Error("Domains.Label")
	}
}

// TestOptionalColumns checks the columns added to the contract after its
// first version: optional, typed, and a person identifier pseudonymised
// like the others.
func TestOptionalColumns(t *testing.T) {
	for _, c := range []struct {
		ledger, column string
		typ            Type
	}{
		{"units", "longitude", Float}, {"units", "latitude", Float},
		{"inspections", "problems_rectified", Int}, {"reports", "accused_id", PersonID},
	} {
		l, _ := LedgerByName(c.ledger)
		col, ok := l.Column(c.column)
		switch {
		case !ok:
			t.Errorf("%s has no column %s", c.ledger, c.column)
		case col.Required || col.Type != c.typ:
			t.Errorf("%s.%s: required %v, type %v", c.ledger, c.column, col.Required, col.Type)
		}
	}
}

// TestPersonalDeclared: identifiers and accounts are pseudonymised, and
// nothing else is; every name of a person is masked.
func TestPersonalDeclared(t *testing.T) {
	for _, l := range Ledgers {
		for _, c := range l.Columns {
			keyed := c.Type == PersonID || c.Type == PartyID || c.Type == Account
			if keyed != (c.Personal == Pseudonymised) {
				t.Errorf("%s.%s: type %d declared %d", l.Name, c.Name, c.Type, c.Personal)
			}
			if strings.HasSuffix(c.Name, "_name") && l != Units && c.Personal == NotPersonal {
				t.Errorf("%s.%s: a name not declared personal", l.Name, c.Name)
			}
		}
	}
}
