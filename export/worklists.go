package export

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// targetsSQL selects a run's targets with their owner, deadline and
// status across runs (target_status); the caller adds WHERE and ORDER BY.
// The first nine columns are the targets' columns of earlier versions.
const targetsSQL = `SELECT t.kind, t.round, t.team, t.seq, t.unit_id, u.name, u.level, d.district_id, t.forced,
  coalesce(t.random, false) AS random, t.target_id, coalesce(s.status, 'new') AS status, pt.name AS team_name,
  t.starts_on, t.ends_on, t.deadline, t.due_on, t.expected, t.owner_name, t.owner_id, d.township_id, tu.name AS township,
  s.first_as_of, s.result AS last_result, s.decided_on AS last_decided_on, s.rectify_by,
  t.reason_zh, t.reason_en
FROM targets t JOIN units u USING (unit_id) LEFT JOIN unit_district d USING (unit_id)
LEFT JOIN units tu ON tu.unit_id = d.township_id
LEFT JOIN plan_teams pt ON pt.run_id = t.run_id AND pt.team = t.team
LEFT JOIN target_status s ON s.run_id = t.run_id AND s.target_id = t.target_id
`

// targetColumns are the targets' columns for people.
var targetColumns = []Column{
	{Name: "kind", Zh: "类别", En: "Kind", Kind: Text},
	{Name: "round", Zh: "轮次", En: "Round", Kind: Int},
	{Name: "team", Zh: "巡察组", En: "Team", Kind: Int},
	{Name: "seq", Zh: "顺序", En: "Order", Kind: Int},
	unitColumns[0], unitColumns[1], unitColumns[2], unitColumns[3],
	{Name: "forced", Zh: "全覆盖须列入", En: "Due under full coverage", Kind: Bool},
	{Name: "random", Zh: "随机抽取", En: "Drawn by lottery", Kind: Bool},
	{Name: "target_id", Zh: "对象编号", En: "Target id", Kind: Text},
	{Name: "status", Zh: "整改状态", En: "Status", Kind: Text},
	{Name: "team_name", Zh: "巡察组名称", En: "Team name", Kind: Text},
	{Name: "starts_on", Zh: "开始日期", En: "Starts", Kind: Date},
	{Name: "ends_on", Zh: "结束日期", En: "Ends", Kind: Date},
	{Name: "deadline", Zh: "办理期限", En: "Deadline", Kind: Date},
	{Name: "due_on", Zh: "全覆盖到期日", En: "Due under full coverage by", Kind: Date},
	{Name: "expected", Zh: "预计发现问题数", En: "Expected findings", Kind: Rate},
	{Name: "owner_name", Zh: "责任单位", En: "Owner", Kind: Text},
	{Name: "owner_id", Zh: "责任单位代码", En: "Owner id", Kind: Text},
	{Name: "township_id", Zh: "所属乡镇（街道）编码", En: "Township code", Kind: Text},
	{Name: "township", Zh: "所属乡镇（街道）", En: "Township", Kind: Text},
	{Name: "first_as_of", Zh: "首次提出（评估日）", En: "First proposed (as of)", Kind: Date},
	{Name: "last_result", Zh: "最近核查结论", En: "Last finding", Kind: Text},
	{Name: "last_decided_on", Zh: "最近处置日期", En: "Last decided on", Kind: Date},
	{Name: "rectify_by", Zh: "整改期满", En: "Rectification ends", Kind: Date},
	{Name: "reason_zh", Zh: "理由", En: "Reason (Chinese)", Kind: Text},
	{Name: "reason_en", Zh: "理由（英文）", En: "Reason", Kind: Text},
}

// worklistFlagsSQL selects the flags of every unit a run targets, by
// owner, with each flag's id (rule/unit/record, what a disposition names).
const worklistFlagsSQL = `WITH owned AS (
  SELECT DISTINCT owner_id, unit_id FROM targets WHERE run_id = $1 AND owner_id IS NOT NULL
)
SELECT o.owner_id, f.unit_id, u.name, u.level, d.district_id, f.rule || '/' || f.unit_id || '/' || f.record_id AS flag_id,
  f.rule, f.ledger, f.record_id, f.record_on, f.amount, f.reason_zh, f.reason_en, b.file AS source_file,
  b.sheet AS source_sheet, f.source_row
FROM flags f JOIN owned o USING (unit_id) JOIN units u USING (unit_id) LEFT JOIN unit_district d USING (unit_id)
LEFT JOIN batches b ON b.batch_id = f.batch_id
WHERE f.run_id = $1
ORDER BY o.owner_id, f.unit_id, f.rule, f.amount DESC NULLS LAST, f.record_id`

// worklistFlagColumns are the flags' columns of a work list.
var worklistFlagColumns = withUnit(
	Column{Name: "flag_id", Zh: "预警编号", En: "Flag id", Kind: Text},
	Column{Name: "rule", Zh: "规则", En: "Rule", Kind: Text},
	Column{Name: "ledger", Zh: "台账", En: "Ledger", Kind: Text},
	Column{Name: "record_id", Zh: "记录编号", En: "Record", Kind: Text},
	Column{Name: "record_on", Zh: "日期", En: "Date", Kind: Date},
	Column{Name: "amount", Zh: "涉及金额（元）", En: "Amount at stake (yuan)", Kind: Amount},
	Column{Name: "reason_zh", Zh: "预警原因", En: "Reason (Chinese)", Kind: Text},
	Column{Name: "reason_en", Zh: "预警原因（英文）", En: "Reason", Kind: Text},
	Column{Name: "source_file", Zh: "来源文件", En: "Source file", Kind: Text},
	Column{Name: "source_sheet", Zh: "工作表", En: "Sheet", Kind: Text},
	Column{Name: "source_row", Zh: "来源行号", En: "Source row", Kind: Int},
)

// Worklist is one owner's work: its targets and the flags behind them.
type Worklist struct {
	OwnerID, Owner string
	Targets, Flags *Table
}

// QueryWorklists returns the run's work lists, one per owner, in owner
// order.
func QueryWorklists(ctx context.Context, db *sql.DB, runID string) ([]Worklist, error) {
	targets, err := collect(ctx, db, targetsSQL+`WHERE t.run_id = ? ORDER BY t.owner_id, t.kind, t.round, t.team, t.seq`, runID)
	if err != nil {
		return nil, err
	}
	flags, err := collect(ctx, db, worklistFlagsSQL, runID)
	if err != nil {
		return nil, err
	}
	var out []Worklist
	at := map[string]int{}
	ownerCol, nameCol := targets.index("owner_id"), targets.index("owner_name")
	for _, row := range targets.Rows {
		id, _ := row[ownerCol].(string)
		if id == "" {
			continue // a plan made before targets had owners
		}
		i, ok := at[id]
		if !ok {
			name, _ := row[nameCol].(string)
			i = len(out)
			at[id] = i
			out = append(out, Worklist{OwnerID: id, Owner: name,
				Targets: &Table{Columns: describe(Targets, targets.Names())}, Flags: &Table{Columns: worklistFlagColumns}})
		}
		out[i].Targets.Rows = append(out[i].Targets.Rows, row)
	}
	for _, row := range flags.Rows {
		if i, ok := at[row[0].(string)]; ok {
			out[i].Flags.Rows = append(out[i].Flags.Rows, row[1:])
		}
	}
	return out, nil
}

func (t *Table) index(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	panic("export: no column " + name) // a bug in the query
}

// WriteWorklists writes one workbook per owner into dir (created 0700):
// a sheet of its targets (reasons, status, deadlines) and one of the flags
// behind them, headers in lang. Files are named by the owner ("锦江区纪委监委.xlsx").
// It returns the paths written.
func WriteWorklists(lists []Worklist, dir string, lang Lang) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	titles := map[Lang][2]string{Zh: {"对象清单", "预警记录"}, En: {"Targets", "Flags"}, Names: {"targets", "flags"}}[lang]
	paths := WorklistPaths(lists, dir)
	for i, l := range lists {
		sheets := []Sheet{{Name: titles[0], Table: l.Targets}, {Name: titles[1], Table: l.Flags}}
		if err := WriteSheets(sheets, "xlsx", paths[i], lang); err != nil {
			return paths[:i], err
		}
	}
	return paths, nil
}

// WorklistPaths returns the file WriteWorklists writes for each list in
// dir: the owner's name made safe, repeats numbered.
func WorklistPaths(lists []Worklist, dir string) []string {
	var paths []string
	used := map[string]int{}
	for _, l := range lists {
		base := fileName(l.Owner)
		if used[base]++; used[base] > 1 {
			base = fmt.Sprintf("%s (%d)", base, used[base])
		}
		paths = append(paths, filepath.Join(dir, base+".xlsx"))
	}
	return paths
}

// fileName makes an owner's name a safe file name.
func fileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	name = strings.Trim(name, ". ")
	if name == "" {
		return "owner"
	}
	return name
}
