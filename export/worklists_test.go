package export

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWorklists: one workbook per owner, each with its own targets (their
// status and deadline) and the flags of its units, each flag with the id a
// disposition names.
func TestWorklists(t *testing.T) {
	db, run := fixture(t)
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO targets (run_id, kind, unit_id, round, team, seq, forced, reason_zh, reason_en, target_id, random, owner_id, owner_name, deadline)
		 VALUES ('r1', 'reminder', 'u1', NULL, NULL, 1, false, '理由', 'reason', 'reminder-20170531-u1', false, 'district:d1', '区纪委监委', DATE '2017-07-15'),
		        ('r1', 'tour', 'u2', 1, 1, 1, false, '抽签', 'lottery', 'tour-20170531-u2', true, 'named:第一监督室', '第一监督室', DATE '2017-09-10')`,
		`INSERT INTO target_status VALUES ('r1', 'reminder-20170531-u1', 'reminder', 'u1', 'under_rectification', true, DATE '2017-04-30',
		 'D1', 'confirmed', DATE '2017-05-10', DATE '2017-08-08')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	lists, err := QueryWorklists(ctx, db, run)
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 2 || lists[0].OwnerID != "district:d1" || lists[1].Owner != "第一监督室" {
		t.Fatalf("work lists %+v", lists)
	}
	dir := filepath.Join(t.TempDir(), "lists")
	paths, err := WriteWorklists(lists, dir, Zh)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(dir, "区纪委监委.xlsx"), filepath.Join(dir, "第一监督室.xlsx")}; !slices.Equal(paths, want) {
		t.Fatalf("paths %q, want %q", paths, want)
	}
	if fi, err := os.Stat(paths[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("work list mode: %v %v", fi, err)
	}
	f, err := excelize.OpenFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"对象清单", "预警记录"}) {
		t.Errorf("sheets %q", got)
	}
	rows, _ := f.GetRows("对象清单")
	col := func(name string) int { return slices.Index(rows[0], name) }
	if len(rows) != 2 || rows[1][col("对象编号")] != "reminder-20170531-u1" || rows[1][col("整改状态")] != "under_rectification" ||
		rows[1][col("办理期限")] != "2017-07-15" || rows[1][col("责任单位")] != "区纪委监委" {
		t.Errorf("targets %q", rows)
	}
	flags, _ := f.GetRows("预警记录")
	if len(flags) != 3 || flags[1][slices.Index(flags[0], "预警编号")] != "payments_duplicate/u1/P2" {
		t.Errorf("flags %q", flags)
	}
	g, err := excelize.OpenFile(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if flags, _ := g.GetRows("预警记录"); len(flags) != 2 || flags[1][slices.Index(flags[0], "规则")] != "assets_no_bidding" {
		t.Errorf("second owner's flags %q", flags)
	}
}
