package export

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/risk"
	"github.com/microrisk/microrisk/store"
	"github.com/xuri/excelize/v2"
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
		"+1":                 "'+1",
		"-2+3":               "'-2+3",
		"@SUM(A1)":           "'@SUM(A1)",
		"\tx":                "'\tx",
		"红星社区":               "红星社区",
		"":                   "",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// fixture builds a database with one run of two units, one with a hostile name.
func fixture(t *testing.T) (*sql.DB, string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`INSERT INTO units (unit_id, name, level, parent_id, _batch, _row) VALUES
		 ('d1','区','district',NULL,1,1), ('u1','=cmd|'' /C calc''!A0','village','d1',1,2), ('u2','红星社区','village','d1',1,3)`,
		`INSERT INTO runs VALUES ('r1', DATE '2017-05-31', now(), '', 'test', '[]')`,
		`INSERT INTO scores (run_id, unit_id, score, rank, band, reasons_zh, reasons_en) VALUES ('r1','u1',91.5,1,'high','理由一' || chr(10) || '理由二','one' || chr(10) || 'two'), ('r1','u2',10,2,'normal','','')`,
		`INSERT INTO indicators (run_id, unit_id, indicator, value, abstain) VALUES
		 ('r1','u1','cases_eb_rate',3.1,NULL), ('r1','u2','cases_eb_rate',NULL,'no staff'), ('r1','u1','leads_open_key',2,NULL)`,
		`INSERT INTO family_scores VALUES ('r1','u1','cases',3.1,100), ('r1','u2','cases',NULL,NULL)`,
		`INSERT INTO batches VALUES (7, 'payments', 'payments_2017.csv', NULL, 'aa', 10, 'UTF-8', 3, 3, 0, 0, now())`,
		`INSERT INTO flags VALUES
		 ('r1','u1','payments_duplicate','payments','=1+1',DATE '2017-04-02',31.5,'{"program":"dibao"}','重复发放','duplicate',7,3),
		 ('r1','u1','payments_duplicate','payments','P2',DATE '2017-04-03',131.5,'{"program":"dibao"}','重复发放','duplicate',7,4),
		 ('r1','u2','assets_no_bidding','assets','T9',DATE '2016-01-01',NULL,'{}','未公开招标','no bidding',NULL,NULL)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return db, "r1"
}

func TestScoresCSV(t *testing.T) {
	db, run := fixture(t)
	tab, err := Query(context.Background(), db, Scores, run)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "scores.csv")
	if err := Write(tab, "csv", path); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	fams := ""
	for _, f := range risk.Families {
		fams += "family_" + f + ","
	}
	wantHead := "unit_id,name,level,district_id,score,rank,band,reasons,reasons_en,composite," + fams + "cases_eb_rate,leads_open_key"
	if got := strings.Join(recs[0], ","); got != wantHead {
		t.Errorf("header %s\nwant   %s", got, wantHead)
	}
	if recs[1][1] != "'=cmd|' /C calc'!A0" {
		t.Errorf("hostile name written as %q", recs[1][1])
	}
	at := 10 + len(risk.Families)
	if recs[1][7] != "理由一; 理由二" || recs[1][at] != "3.1" || recs[2][at] != "" || recs[1][10] != "100" {
		t.Errorf("row 1 = %q; row 2 = %q", recs[1], recs[2])
	}
}

func TestXLSXAndJSON(t *testing.T) {
	db, run := fixture(t)
	tab, err := Query(context.Background(), db, Indicators, run)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Write(tab, "xlsx", filepath.Join(dir, "i.xlsx")); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "i.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Sheet1")
	f.Close()
	if len(rows) != 4 || rows[0][0] != "unit_id" {
		t.Errorf("xlsx rows %q", rows)
	}
	if err := Write(tab, "json", filepath.Join(dir, "i.json")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "i.json"))
	if !strings.Contains(string(b), `"abstain": "no staff"`) {
		t.Errorf("json: %s", b)
	}
}

// TestFlagsExport: the flags with their source file and row, one unit's
// alone with QueryUnit, the record id that looks like a formula neutralised.
func TestFlagsExport(t *testing.T) {
	db, run := fixture(t)
	ctx := context.Background()
	all, err := Query(ctx, db, Flags, run)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Rows) != 3 {
		t.Fatalf("%d flags, want 3", len(all.Rows))
	}
	one, err := QueryUnit(ctx, db, Flags, run, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Rows) != 2 {
		t.Fatalf("%d flags of u1, want 2", len(one.Rows))
	}
	path := filepath.Join(t.TempDir(), "flags.csv")
	if err := Write(one, "csv", path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(recs[0], ",")
	if head != "unit_id,name,level,district_id,rule,ledger,record_id,record_on,amount,reason_zh,reason_en,figures,source_file,source_sheet,source_row" {
		t.Errorf("header %s", head)
	}
	// Largest amount first within a rule.
	if recs[1][6] != "P2" || recs[2][6] != "'=1+1" || recs[2][12] != "payments_2017.csv" || recs[2][14] != "3" {
		t.Errorf("rows %q", recs[1:])
	}
	fam, err := Query(ctx, db, Families, run)
	if err != nil || len(fam.Rows) != 2 {
		t.Fatalf("families: %v, %d rows", err, len(fam.Rows))
	}
}
