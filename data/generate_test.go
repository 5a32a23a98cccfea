package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// contract is DESIGN.md's input contract: each ledger's columns in order,
// and which are required. The generator must write exactly these headers.
var contract = []struct {
	ledger   string
	columns  string
	required string
}{
	{"units", "unit_id,name,level,parent_id,kind,population,staff,longitude,latitude", "unit_id,name,level"},
	{"cases", "case_id,unit_id,filed_on,domain,violation,source,persons,sanctioned,leaders_accountable,amount_yuan,exposed,closed_on", "case_id,unit_id,filed_on"},
	{"reports", "report_id,unit_id,received_on,channel,category,domain,status,closed_on,accused_id", "report_id,unit_id,received_on"},
	{"leads", "lead_id,unit_id,received_on,source,key_lead,status,closed_on,outcome", "lead_id,unit_id,received_on"},
	{"inspections", "inspection_id,unit_id,kind,start_on,end_on,problems_found,leads_transferred,persons_handled,problems_rectified", "inspection_id,unit_id,kind,start_on"},
	{"payments", "payment_id,unit_id,program,payee_id,amount_yuan,paid_on,payee_name,account_no,approver_id", "payment_id,unit_id,program,payee_id,amount_yuan,paid_on"},
	{"assets", "txn_id,unit_id,category,kind,amount_yuan,txn_on,counterparty_id,counterparty_name,area_mu,term_years,public_bidding,approved", "txn_id,unit_id,category,kind,amount_yuan,txn_on"},
	{"relations", "person_id,related_id,relation,unit_id,role", "person_id,related_id,relation"},
	{"actions", "action_id,unit_id,kind,taken_on,persons", "action_id,unit_id,kind,taken_on"},
	{"surveys", "unit_id,period,index,respondents", "unit_id,period,index"},
	{"registers", "register,person_id,since,until,unit_id", "register,person_id"},
	{"dispositions", "disposition_id,decided_on,result,target_id,flag_id,unit_id,money_recovered_yuan,persons_disciplined", "disposition_id,decided_on,result"},
}

// enums are DESIGN.md's enumerations, by column.
var enums = map[string]string{
	"units.level":           "city district township village station",
	"units.kind":            "street township village community station window school hospital other",
	"cases.domain":          "poverty_relief benefits special_funds three_assets land law_enforcement regulation public_service inaction education health food_safety environment other",
	"reports.domain":        "poverty_relief benefits special_funds three_assets land law_enforcement regulation public_service inaction education health food_safety environment other",
	"cases.violation":       "embezzlement misappropriation bribery fraud dereliction favouritism inaction other",
	"cases.source":          "petition inspection_tour unannounced_visit referral audit self_report other",
	"leads.source":          "petition inspection_tour unannounced_visit referral audit self_report other",
	"reports.channel":       "hotline_12388 web letter visit wechat other",
	"reports.category":      "accusation complaint suggestion other",
	"reports.status":        "open in_progress closed",
	"leads.status":          "open in_progress closed",
	"leads.outcome":         "case_filed no_basis transferred other",
	"inspections.kind":      "routine_tour special_tour unannounced_visit",
	"assets.category":       "funds assets resources",
	"assets.kind":           "income expense lease sale contract other",
	"relations.relation":    "spouse child parent sibling other",
	"actions.kind":          "talk accountability warning_letter exposure democratic_meeting",
	"registers.register":    "deceased public_employee cadre vehicle_owner property_owner business_owner",
	"dispositions.result":   "confirmed partly_confirmed unfounded not_checked",
	"cases.exposed":         "true false",
	"leads.key_lead":        "true false",
	"assets.public_bidding": "true false",
	"assets.approved":       "true false",
}

var (
	dateRe   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	amountRe = regexp.MustCompile(`^\d+\.\d{2}$`)
	periodRe = regexp.MustCompile(`^\d{4}(-\d{2})?$`)
)

func TestHeadersMatchContract(t *testing.T) {
	w := smallWorld(t)
	if len(contract) != len(Ledgers) {
		t.Fatalf("contract has %d ledgers, Ledgers %d", len(contract), len(Ledgers))
	}
	for i, c := range contract {
		t.Run(c.ledger, func(t *testing.T) {
			if Ledgers[i] != c.ledger {
				t.Errorf("Ledgers[%d] = %s", i, Ledgers[i])
			}
			raw, err := os.ReadFile(filepath.Join(w.dir, c.ledger+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
				t.Error("file starts with a BOM")
			}
			header, _, _ := strings.Cut(string(raw), "\n")
			if header != c.columns {
				t.Errorf("header\n got %s\nwant %s", header, c.columns)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := Generate(SmallProfile(), 42, dir); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range append(slices.Clone(Ledgers), "truth") {
		file := name + ".csv"
		if name == "truth" {
			file = "truth.json"
		}
		ha, hb := fileHash(t, filepath.Join(a, file)), fileHash(t, filepath.Join(b, file))
		if ha != hb {
			t.Errorf("%s differs between two runs with the same seed", file)
		}
	}
	c := t.TempDir()
	if _, err := Generate(SmallProfile(), 43, c); err != nil {
		t.Fatal(err)
	}
	if fileHash(t, filepath.Join(a, "payments.csv")) == fileHash(t, filepath.Join(c, "payments.csv")) {
		t.Error("seeds 42 and 43 gave the same payments")
	}
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestSmallIsSmallAndFast(t *testing.T) {
	start := time.Now()
	tr, err := Generate(SmallProfile(), 3, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("small profile took %v, want < 2s", d)
	}
	if n := tr.Counts["units"]; n < 150 || n > 400 {
		t.Errorf("%d units, want a few hundred", n)
	}
	if n := tr.Counts["payments"]; n < 10000 || n > 100000 {
		t.Errorf("%d payments, want some tens of thousands", n)
	}
}

// TestRowsValid checks every row of every ledger: references resolve,
// required fields are filled, values have their formats and enumerations,
// identity numbers carry valid check digits, dates lie in the window.
func TestRowsValid(t *testing.T) {
	w := smallWorld(t)
	units := readLedger(t, w.dir, "units")
	ids := map[string]bool{}
	for _, row := range units.rows {
		ids[units.get(row, "unit_id")] = true
	}
	for _, c := range contract {
		t.Run(c.ledger, func(t *testing.T) {
			l := readLedger(t, w.dir, c.ledger)
			if len(l.rows) == 0 {
				t.Fatal("no rows")
			}
			required := strings.Split(c.required, ",")
			bad := 0
			for i, row := range l.rows {
				if err := checkRow(c.ledger, l, row, required, ids); err != "" {
					if bad++; bad <= 5 {
						t.Errorf("row %d: %s: %v", i+2, err, row)
					}
				}
			}
		})
	}
}

// checkRow returns what is wrong with row, or "".
func checkRow(name string, l *ledger, row []string, required []string, units map[string]bool) string {
	for _, col := range required {
		if l.get(row, col) == "" && !(name == "units" && col == "parent_id") {
			return col + " empty"
		}
	}
	for i, col := range l.header {
		v := row[i]
		if v == "" {
			continue
		}
		switch {
		case col == "unit_id" || col == "parent_id":
			if !units[v] {
				return col + " " + v + " does not resolve"
			}
		case col == "payee_id" || col == "person_id" || col == "related_id" || col == "approver_id" || col == "accused_id":
			if !validResidentID(v) {
				return col + " " + v + " is not a valid resident id"
			}
		case col == "counterparty_id":
			if !validResidentID(v) && !validUSCC(v) {
				return col + " " + v + " is neither a resident id nor a credit code"
			}
		case col == "account_no":
			if !validLuhn(v) {
				return "account_no fails Luhn"
			}
		case strings.HasSuffix(col, "_on") || col == "since" || col == "until":
			if !dateRe.MatchString(v) || (col != "since" && (v < "2015-01-01" || v > "2017-05-31")) {
				return col + " " + v + " not a date in the window"
			}
		case col == "amount_yuan":
			if !amountRe.MatchString(v) {
				return "amount " + v
			}
		case col == "period":
			if !periodRe.MatchString(v) {
				return "period " + v
			}
		case col == "index":
			if x, err := strconv.ParseFloat(v, 64); err != nil || x < 0 || x > 100 {
				return "index " + v
			}
		case col == "longitude" || col == "latitude":
			if x, err := strconv.ParseFloat(v, 64); err != nil || (col == "longitude" && (x < 97 || x > 109)) || (col == "latitude" && (x < 26 || x > 35)) {
				return col + " " + v + " not in Sichuan"
			}
		case col == "problems_rectified":
			if x, err := strconv.Atoi(v); err != nil || x < 0 {
				return "problems_rectified " + v
			}
		}
		if set, ok := enums[name+"."+col]; ok && !slices.Contains(strings.Fields(set), v) {
			return col + " " + v + " not in the enumeration"
		}
	}
	return ""
}

func TestUnitsTree(t *testing.T) {
	w := smallWorld(t)
	units := readLedger(t, w.dir, "units")
	level := map[string]string{}
	prev := ""
	for _, row := range units.rows {
		id := units.get(row, "unit_id")
		if id <= prev {
			t.Errorf("unit_id %s not after %s", id, prev)
		}
		prev = id
		level[id] = units.get(row, "level")
		parent := units.get(row, "parent_id")
		want := map[string]string{"district": "city", "township": "district", "village": "township", "station": "township"}[level[id]]
		if parent != "" && level[parent] != want {
			t.Errorf("%s (%s) hangs under %s (%s)", id, level[id], parent, level[parent])
		}
		if !strings.HasPrefix(id, strings.TrimSuffix(parent, "00")) {
			t.Errorf("%s does not extend its parent's code %s", id, parent)
		}
	}
}

func TestResidentIDCheck(t *testing.T) {
	for _, c := range []struct {
		id   string
		want bool
	}{
		{"11010519491231002X", true}, // the example of GB 11643-1999
		{"110105194912310021", false},
		{"11010519491231002", false},
		{"1101051949123100AX", false},
	} {
		if got := validResidentID(c.id); got != c.want {
			t.Errorf("validResidentID(%s) = %v", c.id, got)
		}
	}
	if !validLuhn("4111111111111111") || validLuhn("4111111111111112") {
		t.Error("Luhn check wrong")
	}
	if !validUSCC("91350100M000100Y43") || validUSCC("91350100M000100Y44") {
		t.Error("credit-code check wrong")
	}
}

func TestProfileByName(t *testing.T) {
	for _, name := range []string{"small", "chengdu", "Chengdu", "province"} {
		p, err := ProfileByName(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Validate(); err != nil {
			t.Error(err)
		}
	}
	if _, err := ProfileByName("country"); err == nil {
		t.Error("want an error for an unknown profile")
	}
}
