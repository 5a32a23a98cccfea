package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/data"
	"github.com/microrisk/microrisk/ingest/csvprep"
	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/store"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// testResidentID completes 17 digits with their check character.
func testResidentID(first17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(first17[i]-'0') * w
	}
	return first17 + string("10X98765432"[sum%11])
}

// testResidentIDWithX is a valid identifier whose check character is X.
func testResidentIDWithX() string {
	for i := 0; ; i++ {
		if id := testResidentID(fmt.Sprintf("51010419850505%03d", i)); id[17] == 'X' {
			return id
		}
	}
}

func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '!' && r <= '~' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// TestCleanSameResult loads the same files into two fresh databases, once
// with clean records and once without (every record through the full SQL
// path), and checks that the two hold the same: every ledger table (but
// the batch id), the rejects, the extra values, the batches and each
// file's counts. The files are the CSV files of testdata, a generated
// world whose payments are spoilt here and there, and hand-made files
// that mix clean and dirty records, each also cut into several parts.
func TestCleanSameResult(t *testing.T) {
	if !canStream {
		t.Skip("built without the duckdb_arrow tag: no record is clean")
	}
	loads := []fastLoad{
		{name: "testdata", paths: corpusFiles(t)},
		{name: "world", paths: []string{writeWorld(t)}, clean: 0.8},
		{name: "hand-made", paths: writeMixedFiles(t), clean: 0.2},
		{name: "CRLF line ends", paths: writeCasesFile(t, crlfCases), clean: 0.3},
		{name: "mixed line ends", paths: writeCasesFile(t, mixedLineEnds), clean: 0.3},
	}
	for _, ld := range loads {
		t.Run(ld.name, func(t *testing.T) {
			t.Parallel()
			loadBothWays(t, ld)
		})
	}
}

// fastLoad is a set of files TestCleanSameResult loads both ways.
type fastLoad struct {
	name  string
	paths []string
	// clean is the least share of the records (of the ledgers other than
	// units) the pre-pass must mark clean.
	clean float64
}

// corpusFiles returns the CSV files of testdata, of the folders that
// hold a CSV ledger other than units, in load order. Loaded together,
// their keys also meet keys of earlier files.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	dirs, _ := filepath.Glob("testdata/*/expected.json")
	var out []string
	for _, exp := range dirs {
		files, err := Files([]string{filepath.Dir(exp)}, "")
		if err != nil {
			t.Fatal(err)
		}
		var csvs []string
		ledgers := 0
		for _, f := range files {
			if fileKind(f) == "csv" {
				csvs = append(csvs, f)
				if !isUnitsFile(f) {
					ledgers++
				}
			}
		}
		if ledgers > 0 {
			out = append(out, csvs...)
		}
	}
	if len(out) == 0 {
		t.Fatal("no CSV ledger in testdata")
	}
	files, err := Files(out, "")
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func isUnitsFile(path string) bool {
	l, ok := model.LedgerForFile(filepath.Base(path))
	return ok && l == model.Units
}

// loadBothWays loads the files with and without clean records, and with
// them in parts of at most 1 KiB, and compares the databases.
func loadBothWays(t *testing.T, ld fastLoad) {
	ctx := context.Background()
	var clean, all int64
	fastOpts := Options{Key: InsecureTestKey, prepassed: func(path string, s csvprep.Summary) {
		if !isUnitsFile(path) {
			t.Logf("%s: %d of %d records clean", filepath.Base(path), s.Clean, s.Records)
			clean, all = clean+s.Clean, all+s.Records
		}
	}}
	partsOpts := Options{Key: InsecureTestKey, minPartBytes: 1 << 10}
	fullOpts := Options{Key: InsecureTestKey, noCleanRecords: true, prepassed: func(path string, s csvprep.Summary) {
		if s.Clean != 0 {
			t.Errorf("%s: %d records clean with clean records off", path, s.Clean)
		}
	}}
	fast, parts, full := openStoreDB(t, "fast.duckdb"), openStoreDB(t, "parts.duckdb"), openStoreDB(t, "full.duckdb")
	fastRes, fastErr := Load(ctx, fast, ld.paths, fastOpts)
	partsRes, partsErr := Load(ctx, parts, ld.paths, partsOpts)
	fullRes, fullErr := Load(ctx, full, ld.paths, fullOpts)
	if fastErr != nil || fullErr != nil || partsErr != nil {
		t.Fatalf("clean records: %v\nin parts: %v\nwithout: %v", fastErr, partsErr, fullErr)
	}
	sameResults(t, fastRes, fullRes)
	sameTables(t, fast, full)
	sameResults(t, partsRes, fullRes)
	sameTables(t, parts, full)
	if ld.clean > 0 && (clean == 0 || float64(clean) < ld.clean*float64(all)) {
		t.Errorf("%d of %d records clean, want at least %.0f%%", clean, all, 100*ld.clean)
	}
}

func openStoreDB(t *testing.T, name string) *sql.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sameResults compares the per-file results of the two loads.
func sameResults(t *testing.T, fast, full []Result) {
	t.Helper()
	if len(fast) != len(full) {
		t.Fatalf("fast path: %d results, full path: %d", len(fast), len(full))
	}
	for i := range fast {
		a, b := fast[i], full[i]
		got := fmt.Sprintf("%s %s %s read %d loaded %d rejected %d replaced %d skipped %v extra %q",
			a.Ledger, a.Sheet, a.Encoding, a.Read, a.Loaded, a.Rejected, a.Replaced, a.Skipped, a.ExtraColumns)
		want := fmt.Sprintf("%s %s %s read %d loaded %d rejected %d replaced %d skipped %v extra %q",
			b.Ledger, b.Sheet, b.Encoding, b.Read, b.Loaded, b.Rejected, b.Replaced, b.Skipped, b.ExtraColumns)
		if a.Path != b.Path || got != want {
			t.Errorf("%s: fast path %s; full path %s", a.Path, got, want)
		}
	}
}

// sameTables compares what the two databases hold: every ledger table
// without its batch column, and the rejects, the extra values and the
// batches without their batch ids, row by row.
func sameTables(t *testing.T, fast, full *sql.DB) {
	t.Helper()
	queries := map[string]string{
		"rejects":      `SELECT ledger, file, sheet, "row", "column", "value", reason, record FROM rejects`,
		"extra_values": `SELECT "row", header, "value" FROM extra_values`,
		"batches": `SELECT ledger, file, sheet, sha256, bytes, encoding, rows_read, rows_loaded, rows_rejected, rows_replaced
  FROM batches`,
	}
	for _, l := range model.Ledgers {
		queries[l.Name] = fmt.Sprintf(`SELECT * EXCLUDE (%s) FROM %s`, model.BatchColumn, model.Ident(l.Name))
	}
	for name, q := range queries {
		a, b := tableRows(t, fast, q), tableRows(t, full, q)
		if onlyA, onlyB := rowsMissing(a, b), rowsMissing(b, a); len(onlyA)+len(onlyB) > 0 {
			t.Errorf("%s: %d rows with the fast path, %d with the full path; only with the fast path: %s; only with the full path: %s",
				name, len(a), len(b), firstFew(onlyA), firstFew(onlyB))
		}
	}
}

// tableRows returns the rows of the query, each as text, sorted.
func tableRows(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT CAST(t AS VARCHAR) AS s FROM (` + q + `) AS t ORDER BY s`)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rowsMissing returns the rows of a (sorted) not matched by one of b, each
// row of b matching once.
func rowsMissing(a, b []string) []string {
	var out []string
	j := 0
	for _, s := range a {
		for j < len(b) && b[j] < s {
			j++
		}
		if j < len(b) && b[j] == s {
			j++
			continue
		}
		out = append(out, s)
	}
	return out
}

func firstFew(rows []string) string {
	if len(rows) > 5 {
		return strings.Join(rows[:5], "\n  ") + fmt.Sprintf("\n  … %d more", len(rows)-5)
	}
	return strings.Join(rows, "\n  ")
}

// writeWorld generates the small world's ledgers and spoils its payments.
func writeWorld(t *testing.T) string {
	t.Helper()
	p, err := data.ProfileByName("small")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := data.Generate(p, 7, dir); err != nil {
		t.Fatal(err)
	}
	spoilPayments(t, filepath.Join(dir, "payments.csv"))
	return dir
}

// spoilers make a clean CSV line dirty in one of the ways exports are:
// a value with space around it, a date or an amount in another spelling,
// a blank line, a quoted field, one with a line end in it.
var spoilers = []func(fields []string) string{
	func(f []string) string { f[2] = " " + f[2] + " "; return strings.Join(f, ",") },
	func(f []string) string { f[5] = strings.ReplaceAll(f[5], "-", "/"); return strings.Join(f, ",") },
	func(f []string) string { f[4] = f[4] + "元"; return strings.Join(f, ",") },
	func(f []string) string { f[4] = `"` + f[4] + `"`; return strings.Join(f, ",") },
	func(f []string) string { return "\n" + strings.Join(f, ",") },
	func(f []string) string { f[6] = `"` + f[6] + "\n" + f[6] + `"`; return strings.Join(f, ",") },
	func(f []string) string { f[3] = strings.ToLower(f[3]) + "0"; return strings.Join(f, ",") },
	func(f []string) string { f[0] = f[0] + "\u3000"; return strings.Join(f, ",") },
}

// spoilPayments spoils one line in eleven of the payments file at path,
// each in turn by the next spoiler, and repeats one key at its end.
func spoilPayments(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	k := 0
	for i := 1; i < len(lines); i++ {
		fields := strings.Split(lines[i], ",")
		if i%11 == 0 && len(fields) == 9 && !strings.Contains(lines[i], `"`) {
			lines[i] = spoilers[k%len(spoilers)](fields)
			k++
		}
	}
	lines = append(lines, lines[1])
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeMixedFiles writes the units of testdata/utf8_bad_rows and
// hand-made ledgers whose records mix clean values and dirty ones, and
// returns their paths.
func writeMixedFiles(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	units, err := os.ReadFile("testdata/utf8_bad_rows/units.csv")
	if err != nil {
		t.Fatal(err)
	}
	id1, id2, id3, idX := testResidentID("51010419800101001"), testResidentID("51010419900202002"),
		testResidentID("51010419700303003"), testResidentIDWithX()
	r := strings.NewReplacer("ID1", id1, "ID2", id2, "ID3", id3, "IDX", idX, "idx", strings.ToLower(idX),
		"ID!", id1[:17]+string("0123456789"[(int(id1[17]-'0')+1)%10]), "ＩＤ", toFullWidth(id2))
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(r.Replace(mixedGBK))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"units.csv":           string(units),
		"payments_mixed.csv":  r.Replace(mixedPayments),
		"payments_more.csv":   r.Replace(morePayments),
		"cases_wan.csv":       mixedCases,
		"assets_mixed.csv":    r.Replace(mixedAssets),
		"relations_mixed.csv": r.Replace(mixedRelations),
		"registers_mixed.csv": r.Replace(mixedRegisters),
		"reports_gbk.csv":     gbk,
	}
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// The hand-made files. ID1, ID2, ID3 and IDX are valid resident IDs (idx
// with a lower-case x), ID! has a wrong check digit and ＩＤ is ID2 in
// full-width digits.
const mixedPayments = "payment_id,unit_id,program,payee_id,amount_yuan,paid_on,payee_name,account_no,approver_id\n" +
	"P01,510104001001,dibao,ID1,450.00,2016-05-01,张三,6217000000000001,ID2\n" +
	"P02,510104001001,dibao,ID1,450.00,2016-06-01,张三,6217000000000001,\n" +
	"P03, 510104001002 ,dibao,ID3,86.09,2016-06-01,李四,6217000000000002,\n" +
	"P04,510104001001,dibao,12345,450.00,2016-06-01,王五,6217000000000003,\n" +
	"P05,510104001001,dibao,idx,-12.5,2016-06-01,王五,6217000000000003,IDX\n" +
	"P06,510104001001,dibao,ID1,\"1,234.50\",2016-06-01,张三,6217000000000001,\n" +
	"P07,510104001001,dibao,ID1,86.095,2016-06-01,张三,6217000000000001,\n" +
	"P08,510104001001,dibao,ID1,86.09,2016/5/1,张三,6217000000000001,\n" +
	"P09,510104001003,dibao,ID1,86.09,2016-05-01,张三,6217000000000001,\n" +
	"\n" +
	"P10,510104001001,dibao,ID1,12,2016-07-01,\"张\n三\",6217000000000001,\n" +
	"P01,510104001002,dibao,ID3,1.5,2016-08-01,赵六,6217000000000004,ID2\n" +
	"P11,510104001001,dibao,ID2,0.5,2016-08-01,赵六,6217000000000004,ID1\n" +
	"P12,510104001001,dibao,ID2,１２,2016-08-01,赵六,6217000000000004,\n" +
	"P13,510104001001,dibao,ID2,-0,2016-08-01,赵六,6217000000000004,\n" +
	"P14,510104001001,dibao,ID2,9999999999999.99,2016-08-01,赵六,6217000000000004,\n" +
	"P15,510104001001,dibao,ID2,12345678901234,2016-08-01,赵六,6217000000000004,\n" +
	"P16,510104001001,dibao,ID2,,2016-08-01,赵六,6217000000000004,\n" +
	"P17,510104001001,dibao,ID2,1,2016-08-01,赵 六,6217000000000004,\n" +
	"P18,510104001001,dibao,ID!,1,2016-08-01,赵六,6217000000000004,\n" +
	"P19,510104001001,dibao,ＩＤ,1,2016-08-01,赵六,6217000000000004,ID3\n" +
	"P20,510104001001,dibao,91350100M000100Y43,1,2016-08-01,赵六,6217000000000004,\n" +
	"P21,510104001001,dibao\n" +
	"P22,510104001001,dibao,ID2,1,2016-08-01,赵六,6217000000000004,,extra\n" +
	"P2\"3,510104001001,dibao,ID2,1,2016-08-01,赵六,6217000000000004,\n" +
	"P24,510104001001,dibao,ID2,1,2015-02-29,赵六,6217000000000004,\n" +
	"P25,510104001001,dibao,ID2,1,2016-02-29,赵六\u3000,6217000000000004,\n" +
	"P26,\t510104001001,dibao,ID2,1,2016-02-29,赵六,6217000000000004,\n" +
	"P27,510104001001,,ID2,1,2016-02-29,赵六,6217000000000004,\n" +
	"P28,510104001001,dibao,ID2,1,2016-02-29,赵六,6217000000000004,ID2"

// morePayments repeats keys of mixedPayments (already loaded, so
// rejected naming the batch) beside new clean records.
const morePayments = "payment_id,unit_id,program,payee_id,amount_yuan,paid_on,payee_name,account_no,approver_id\n" +
	"P01,510104001001,dibao,ID1,450.00,2016-05-01,张三,6217000000000001,ID2\n" +
	"P30,510104001001,dibao,ID1,450.00,2016-05-01,张三,6217000000000001,ID2\n" +
	"P02,510104001001,dibao,ID1, 450.00,2016-05-01,张三,6217000000000001,ID2\n" +
	"P31,510104001002,wubao,ID3,1000,2016-09-30,李四,6217000000000002,\n"

// mixedCases declares its amounts in 万元: they always take the full path.
const mixedCases = "案件编号,单位编码,立案日期,领域,违纪类型,线索来源,涉案人数,处分人数,追责领导人数,涉案金额(万元),是否通报曝光,结案日期\n" +
	"W1,510104001001,2016-03-05,land,fraud,audit,1,1,0,,是,2016-09-01\n" +
	"W2,510104001001,2016-03-05,土地整理流转,弄虚作假,审计,1,1,0,1.5,否,\n" +
	"W3,510104001002,2016-03-06,land,fraud,audit,2,1,0,12,true,\n" +
	"W4,510104001002,2016-03-07,land,fraud,audit,12人,1,0,,Yes,\n" +
	"W5,510104001002,2016-03-08,moon,fraud,audit,1,1,0,,1,\n" +
	"W6,510104001002,2016-03-09,benefits,bribery,petition,-1,1,0,,0,\n" +
	"W7,510104001001,2016-03-10,three_assets,other,other,00012,3,0,,√,2016-12-31\n" +
	"W1,510104001002,2016-03-11,land,fraud,audit,1,1,0,,✓,\n" +
	"W8,510104001001,1900-01-01,health,inaction,self_report,1000000000000000,0,0,,×,2100-12-31\n" +
	"W9,510104001001,1899-12-31,health,inaction,self_report,1,0,0,,n,2101-01-01\n" +
	"W10,510104001001,2016-03-10,Land,FRAUD,Audit,1,1,0,,Y,\n"

const mixedAssets = "txn_id,unit_id,category,kind,amount_yuan,txn_on,counterparty_id,counterparty_name,area_mu,term_years,public_bidding,approved\n" +
	"A1,510104001001,assets,lease,12000.00,2016-04-01,ID1,张三,12.5,5,是,否\n" +
	"A2,510104001001,资产,出租,12000,2016-04-01,91350100m000100y43,某公司,.5,5.,Yes,y\n" +
	"A3,510104001001,resources,contract,800.5,2016-04-02,91350100M000100Y43,某公司,1e3,30,1,0\n" +
	"A4,510104001002,funds,income,100,2016-04-03,,,,,,\n" +
	"A5,510104001002,funds,income,100,2016-04-03,91350100M000100Y44,某公司,,,,\n" +
	"A6,510104001002,funds,income,100,2016-04-03,,,1234567890123456,,,\n" +
	"A7,510104001002,funds,expense,-100,2016-04-03,91350100m000100y43,某公司,0.00000000000001,,√,×\n" +
	"A8,510104001002,funds,expense,100,2016-04-03,idx,某人,00.5,007,✔,✘\n"

const mixedRelations = "person_id,related_id,relation,unit_id,role\n" +
	"ID1,ID2,spouse,510104001001,村主任\n" +
	"ID1,ID3,子女,,\n" +
	"ID2,ID3,child,,\n" +
	"ID1,ID2,spouse,510104001001,重复\n" +
	"12345,ID3,other,,\n" +
	"idx,ID1,parent,510104001002,会计\n" +
	"IDX,ID1,parent,510104001002,会计\n" +
	"ID3,ID1,sibling,510104001003,\n"

const mixedRegisters = "register,person_id,since,until,unit_id\n" +
	"deceased,ID1,2016-01-01,,510104001001\n" +
	"死亡人员,ID2,2016-01-01,,\n" +
	"cadre,ID3,2016-02-30,,\n" +
	"deceased,ID1,2016-01-02,,\n" +
	"cadre,ID!,2016-01-02,,\n"

// mixedGBK is written in GB18030.
const mixedGBK = "信访编号,单位编码,收件日期,举报渠道,信访类别,领域,办理状态,办结日期\n" +
	"G1,510104001001,2016-03-05,letter,accusation,land,已办结,2016-04-01\n" +
	"G2,510104001001,2016-03-06,来信,检控类,土地,办理中,\n" +
	"G3,510104001002,2016-03-07,hotline_12388,complaint,education,,\n" +
	"G4,510104001002,2016年3月8日,web,other,other,,\n"

// writeCasesFile writes the units of testdata/utf8_bad_rows and a cases file.
func writeCasesFile(t *testing.T, cases string) []string {
	t.Helper()
	dir := t.TempDir()
	units, err := os.ReadFile("testdata/utf8_bad_rows/units.csv")
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{filepath.Join(dir, "units.csv"), filepath.Join(dir, "cases.csv")}
	for i, content := range []string{string(units), cases} {
		if err := os.WriteFile(paths[i], []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

// crlfCases ends every line in CRLF, as Windows programs write.
const crlfCases = "case_id,unit_id,filed_on,domain\r\n" +
	"K1,510104001001,2016-01-01,land\r\n" +
	"K2, 510104001002,2016-01-02,land\r\n" +
	"K3,510104001002,2016/1/3,土地\r\n" +
	"K4,510104001002,2016-01-04,education\r\n"

// mixedLineEnds ends one clean record in CRLF, the others in LF.
const mixedLineEnds = "case_id,unit_id,filed_on,domain\n" +
	"K1,510104001001,2016-01-01,land\n" +
	"K2,510104001002,2016-01-02,land\r\n" +
	"K3,510104001002,2016/1/3,土地\n"
