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
	wantHead := "unit_id,name,level,district_id,score,rank,band,reasons,reasons_en,cases_eb_rate,leads_open_key"
	if got := strings.Join(recs[0], ","); got != wantHead {
		t.Errorf("header %s\nwant   %s", got, wantHead)
	}
	if recs[1][1] != "'=cmd|' /C calc'!A0" {
		t.Errorf("hostile name written as %q", recs[1][1])
	}
	if recs[1][7] != "理由一; 理由二" || recs[1][9] != "3.1" || recs[2][9] != "" {
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
