package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/microrisk/microrisk/ingest/csvprep"
	"github.com/microrisk/microrisk/ingest/privacy"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Files an attacker or a careless export makes, each built here: every
// row read is loaded or rejected, none is lost, nothing crashes or hangs,
// and no clear resident ID reaches the database or a message.

// loadCases loads the units of testdata/utf8_bad_rows and then the cases
// file content, and returns its result.
func loadCases(t *testing.T, db *sql.DB, name, content string, opts Options) (Result, error) {
	t.Helper()
	ctx := context.Background()
	if _, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/units.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	rs, err := LoadFile(ctx, db, path, opts)
	if len(rs) == 0 {
		return Result{}, err
	}
	return rs[0], err
}

func wantCounts(t *testing.T, r Result, read, loaded, rejected int64) {
	t.Helper()
	if r.Read != read || r.Loaded != loaded || r.Rejected != rejected {
		t.Errorf("read %d loaded %d rejected %d, want %d %d %d", r.Read, r.Loaded, r.Rejected, read, loaded, rejected)
	}
}

// TestRowTooLarge: a row of 3 MB between two good ones is a reject with
// its row and size, not a loss (it was silently dropped: read 2, loaded 2).
func TestRowTooLarge(t *testing.T) {
	for _, quoted := range []bool{false, true} {
		t.Run(fmt.Sprintf("quoted %v", quoted), func(t *testing.T) {
			big := strings.Repeat("x", 3<<20)
			if quoted {
				big = `"` + strings.Repeat("x\n", 3<<19) + `"`
			}
			db := openTestDB(t)
			r, err := loadCases(t, db, "cases.csv", "case_id,unit_id,filed_on,domain\nK1,510104001001,2016-01-01,land\nK2,510104001001,2016-01-02,"+big+"\nK3,510104001001,2016-01-03,land\n", Options{})
			if err != nil {
				t.Fatal(err)
			}
			wantCounts(t, r, 3, 2, 1)
			checkReject(t, db, r.BatchID, "cases.csv", 3, "", "over the limit of 1048576")
		})
	}
}

// TestCellTooLarge: a value over the cell limit rejects its row, in a
// clean-looking record and in one the SQL path reads; so does an unknown
// column's.
func TestCellTooLarge(t *testing.T) {
	db := openTestDB(t)
	long := strings.Repeat("长", 200<<10/3)
	r, err := loadCases(t, db, "cases.csv", "case_id,unit_id,filed_on,domain,备注\n"+
		"K1,510104001001,2016-01-01,land,ok\n"+
		"K2,510104001001,2016-01-02,"+long+",ok\n"+
		"K3,510104001001,2016/1/3,land,"+long+"\n"+
		"K4,510104001001,2016-01-04,land,"+long+"\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, r, 4, 1, 3)
	for _, row := range []int64{3, 4, 5} {
		checkReject(t, db, r.BatchID, "cases.csv", row, "", "over the limit of 131072")
	}
}

// TestManyUnknownColumns: a thousand columns no ledger knows load in one
// statement, quickly; more than the column limit is a clear error.
func TestManyUnknownColumns(t *testing.T) {
	header := func(n int) string {
		var b strings.Builder
		b.WriteString("case_id,unit_id,filed_on")
		for i := range n {
			fmt.Fprintf(&b, ",x%d", i)
		}
		return b.String() + "\n"
	}
	row := func(id string, n int) string {
		return id + ",510104001001,2016-01-01" + strings.Repeat(",v", n) + "\n"
	}
	db := openTestDB(t)
	start := time.Now()
	r, err := loadCases(t, db, "cases.csv", header(1000)+row("K1", 1000)+row("K2", 1000), Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, r, 2, 2, 0)
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM extra_values WHERE batch_id = ?`, r.BatchID).Scan(&n); err != nil || n != 2000 {
		t.Errorf("%d extra values, %v; want 2000", n, err)
	}
	if s := time.Since(start); s > 30*time.Second {
		t.Errorf("1000 unknown columns took %v", s)
	}
	_, err = loadCases(t, openTestDB(t), "cases.csv", header(2000)+row("K1", 2000), Options{})
	if err == nil || !strings.Contains(err.Error(), "more than the limit of 1024") {
		t.Errorf("2000 columns: %v, want the column limit", err)
	}
}

// TestEncodingChanges: a GBK file with one UTF-8 row rejects that row
// (it was loaded as mojibake), and a UTF-8 file with one GBK row the
// same; the other rows load.
func TestEncodingChanges(t *testing.T) {
	gbk := func(s string) string {
		b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	head := "案件编号,单位编码,立案日期,领域\n"
	rows := []string{"K1,510104001001,2016-01-01,土地\n", "K2,510104001001,2016-01-02,土地\n", "K3,510104001001,2016-01-03,土地\n"}
	for _, tt := range []struct {
		name, content, enc, reason string
	}{
		{"GBK with a UTF-8 row", gbk(head+rows[0]) + rows[1] + gbk(rows[2]), "gb18030", "in UTF-8, the rest of the file in GB18030"},
		{"UTF-8 with a GBK row", head + rows[0] + gbk(rows[1]) + rows[2], "utf-8", "in GB18030 (GBK), the rest of the file in UTF-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			r, err := loadCases(t, db, "cases.csv", tt.content, Options{})
			if err != nil {
				t.Fatal(err)
			}
			wantCounts(t, r, 3, 2, 1)
			if r.Encoding != tt.enc {
				t.Errorf("encoding %s, want %s", r.Encoding, tt.enc)
			}
			checkReject(t, db, r.BatchID, "cases.csv", 3, "", tt.reason)
			var v string
			if err := db.QueryRow(`SELECT "value" FROM rejects WHERE batch_id = ?`, r.BatchID).Scan(&v); err != nil || !strings.Contains(v, "土地") {
				t.Errorf("the reject shows %q, %v; want the row as it reads", v, err)
			}
		})
	}
}

// TestWorkbookLimits: a cell over the limit rejects its row, the other
// rows load, and no message quotes it; a workbook whose shared strings
// unpack past the limit is refused before it is read.
func TestWorkbookLimits(t *testing.T) {
	id := testResidentID("51010419800101001")
	f := excelize.NewFile()
	rows := [][]any{{"案件编号", "单位编码", "立案日期", "领域"}, {"K1", "510104001001", "2016-01-01", "land"},
		{"K2", "510104001001", "2016-01-02", id + strings.Repeat("x", 5000)}, {"K3", "510104001001", "2016-01-03", "land"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "cases.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/units.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	rs, err := LoadFile(ctx, db, path, Options{Limits: csvprep.Limits{MaxRowBytes: 4096, MaxCellBytes: 1024, MaxColumns: 100}})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, rs[0], 3, 2, 1)
	checkReject(t, db, rs[0].BatchID, "cases.xlsx", 3, "", "cell D holds 5018 bytes, over the limit of 1024")
	noClearIDs(t, db)
}

// TestNoClearDataStored: resident IDs typed into any text column (names,
// counterparty names, roles, record ids), into a file's name or an
// unknown header are masked as stored; payee names are masked, bank
// accounts pseudonymised (the same account, the same pseudonym).
func TestNoClearDataStored(t *testing.T) {
	id1, id2 := testResidentID("51010419800101001"), testResidentID("51010419900202002")
	spaced := id2[:6] + " " + id2[6:14] + " " + id2[14:]
	db := openTestDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/units.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"payments_" + id1 + ".csv": "payment_id,unit_id,program,payee_id,amount_yuan,paid_on,payee_name,account_no,备注" + id2 + "\n" +
			"P" + id1 + ",510104001001,dibao,ID1,10,2016-01-01,张三丰,6222 0000 1111,x\n" +
			"P2,510104001001,低保" + spaced + ",ID1,10,2016-01-02,李四 " + id2 + ",6222-0000-1111,见" + id1 + "\n" +
			"P3,510104001001,dibao,ID2,10,2016/1/3,王五,6222000011112,\n",
		"assets.csv": "txn_id,unit_id,category,kind,amount_yuan,txn_on,counterparty_id,counterparty_name\n" +
			"A1,510104001001,assets,lease,100,2016-01-01,ID1,赵六\n" +
			"A2,510104001001,assets,lease,100,2016-01-01,91350100M000100Y43,某某农业有限公司\n",
		"relations.csv": "person_id,related_id,relation,unit_id,role\nID1,ID2,spouse,510104001001,会计" + toFullWidth(id1) + "\n",
	}
	for name, content := range files {
		content = strings.NewReplacer("ID1", id1, "ID2", id2).Replace(content)
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadFile(ctx, db, p, Options{Key: InsecureTestKey}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	noClearIDs(t, db)
	var names, accounts, parties []string
	names = queryStrings(t, db, `SELECT payee_name FROM payments ORDER BY _row`)
	accounts = queryStrings(t, db, `SELECT DISTINCT account_no FROM payments ORDER BY 1`)
	parties = queryStrings(t, db, `SELECT counterparty_name FROM assets ORDER BY _row`)
	if strings.Join(names, "|") != "张**|李* ******************|王*" {
		t.Errorf("payee names %q", names)
	}
	if len(accounts) != 2 || !strings.HasPrefix(accounts[0], privacy.AccountPrefix) {
		t.Errorf("accounts %q: want two pseudonyms (6222 0000 1111 and 6222-0000-1111 are one account)", accounts)
	}
	if strings.Join(parties, "|") != "赵*|某某农业有限公司" {
		t.Errorf("counterparty names %q", parties)
	}
}

// noClearIDs fails if any text of the database holds a resident ID
// number (ASCII or full-width digits, whole or in groups).
func noClearIDs(t *testing.T, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`SELECT table_name, column_name FROM information_schema.columns
WHERE data_type = 'VARCHAR' AND table_schema = 'main'`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var tb, c string
		rows.Scan(&tb, &c)
		cols = append(cols, [2]string{tb, c})
	}
	rows.Close()
	for _, tc := range cols {
		for _, v := range queryStrings(t, db, fmt.Sprintf(`SELECT DISTINCT CAST(%q AS VARCHAR) FROM %q WHERE %q IS NOT NULL`, tc[1], tc[0], tc[1])) {
			if privacy.MaskIDs(v) != v {
				t.Errorf("%s.%s holds a clear resident ID: %q", tc[0], tc[1], v)
			}
		}
	}
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s.String)
	}
	return out
}

// TestNoClearIDInMessages: a file named with an ID, whose rows quote IDs,
// fails or is rejected with messages that mask them.
func TestNoClearIDInMessages(t *testing.T) {
	id := testResidentID("51010419800101001")
	db := openTestDB(t)
	path := filepath.Join(t.TempDir(), "cases_"+id+".csv")
	os.WriteFile(path, []byte("case_id,unit_id,filed_on\nK1,510104001001,"+id+"\n"), 0o600)
	_, err := LoadFile(context.Background(), db, path, Options{Strict: true})
	var re *RowError
	if err == nil || !errors.As(err, &re) {
		t.Fatalf("strict load: %v, want a RowError", err)
	}
	if strings.Contains(err.Error(), id) || strings.Contains(re.Error(), id) {
		t.Errorf("the message quotes the ID: %v", err)
	}
	_, err = LoadFile(context.Background(), db, filepath.Join(filepath.Dir(path), "missing_"+id+".csv"), Options{})
	if err == nil || strings.Contains(err.Error(), id) {
		t.Errorf("a missing file: %v", err)
	}
}

// TestKeyChecks: a key shorter than 16 bytes is refused; a database
// keeps the fingerprint of its first key and refuses any other, naming
// both fingerprints, the insecure test key against a real key and the
// other way round.
func TestKeyChecks(t *testing.T) {
	ctx := context.Background()
	real1, real2 := "0123456789abcdef-one", "0123456789abcdef-two"
	if _, err := loadCases(t, openTestDB(t), "relations.csv", "person_id,related_id,relation\n", Options{Key: "abc"}); !errors.Is(err, privacy.ErrShortKey) {
		t.Errorf("a 3-byte key: %v, want ErrShortKey", err)
	}
	relations := "person_id,related_id,relation\n" + testResidentID("51010419800101001") + "," + testResidentID("51010419900202002") + ",spouse\n"
	for _, tt := range []struct {
		name, first, second, want string
	}{
		{"another real key", real1, real2, "fingerprint " + privacy.Fingerprint(real1)},
		{"the test key on a real key's database", real1, InsecureTestKey, "the insecure test key (fingerprint " + privacy.Fingerprint(InsecureTestKey) + ") cannot be used"},
		{"a real key on the test key's database", InsecureTestKey, real1, "made with the insecure test key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			if _, err := loadCases(t, db, "relations.csv", relations, Options{Key: tt.first}); err != nil {
				t.Fatal(err)
			}
			_, err := loadCases(t, db, "relations_again.csv", relations+"\n", Options{Key: tt.second})
			if !errors.Is(err, ErrKeyMismatch) || !strings.Contains(err.Error(), tt.want) ||
				!strings.Contains(err.Error(), privacy.Fingerprint(tt.first)) || !strings.Contains(err.Error(), privacy.Fingerprint(tt.second)) {
				t.Errorf("second load: %v; want a mismatch naming both fingerprints and %q", err, tt.want)
			}
			if err := CheckKey(ctx, db, tt.first); err != nil {
				t.Errorf("the first key: %v", err)
			}
		})
	}
}

// TestRefusedFileLoadsAfterFix: a file none of whose rows loaded (its
// unit was missing) is not "already loaded": once the unit is there it
// loads; --replace loads the same content again, replacing its rows.
func TestRefusedFileLoadsAfterFix(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	content := "case_id,unit_id,filed_on\nN1,510104009999,2016-01-01\nN2,510104009999,2016-01-02\n"
	r, err := loadCases(t, db, "cases.csv", content, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, r, 2, 0, 2)
	if _, err := db.Exec(`INSERT INTO units (unit_id, name, level, parent_id, _batch, _row) VALUES ('510104009999', '新村', 'village', '510104001', 99, 1)`); err != nil {
		t.Fatal(err)
	}
	again, err := LoadFile(ctx, db, r.Path, Options{})
	if err != nil || again[0].Skipped || again[0].Loaded != 2 {
		t.Fatalf("after the fix: %+v, %v; want loaded", again, err)
	}
	skipped, err := LoadFile(ctx, db, r.Path, Options{})
	if err != nil || !skipped[0].Skipped {
		t.Fatalf("the same content again: %+v, %v; want skipped", skipped, err)
	}
	replaced, err := LoadFile(ctx, db, r.Path, Options{Replace: true})
	if err != nil || replaced[0].Skipped || replaced[0].Loaded != 2 || replaced[0].Replaced != 2 {
		t.Fatalf("--replace: %+v, %v; want loaded again, 2 replaced", replaced, err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM cases WHERE unit_id = '510104009999'`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d rows, %v; want 2", n, err)
	}
}

// TestTemporaryFilesInWorkDir: a workbook's and an Arrow file's temporary
// copies go to the database's own folder, not the system's, and are gone
// once the load is over.
func TestTemporaryFilesInWorkDir(t *testing.T) {
	sys := t.TempDir()
	t.Setenv("TMPDIR", sys)
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := Load(ctx, db, []string{"testdata/xlsx_title_merged", "testdata/arrow_cases"}, Options{Key: InsecureTestKey}); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(sys, "*"))
	if len(left) > 0 {
		t.Errorf("files in the system's temporary folder: %v", left)
	}
}

// TestForcedUTF8: a GBK row in a file forced to UTF-8 is a reject, not
// text DuckDB refuses.
func TestForcedUTF8(t *testing.T) {
	gbkRow, err := simplifiedchinese.GB18030.NewEncoder().String("K2,510104001001,2016-01-02,土地\n")
	if err != nil {
		t.Fatal(err)
	}
	db := openTestDB(t)
	r, err := loadCases(t, db, "cases.csv", "case_id,unit_id,filed_on,domain\nK1,510104001001,2016-01-01,land\n"+gbkRow, Options{Encoding: "utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, r, 2, 1, 1)
}
