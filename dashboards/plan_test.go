package dashboards

import (
	"context"
	"strings"
	"testing"
)

// TestPlanPages: the planner shows how the plan was solved (objective,
// bound, gap, time), each team's district per round, the lottery's and the
// coverage's units, the targets' statuses and deadlines, the rolling
// schedule and the earlier runs' targets; the unit page carries its
// schedule and statuses; the outcomes page and the comparison with the
// run before are written.
func TestPlanPages(t *testing.T) {
	db := newFixtureDB(t, false)
	ctx := context.Background()
	for _, q := range []string{
		`UPDATE targets SET target_id = kind || '-20170531-' || unit_id, owner_id = 'district:D1', owner_name = '一区纪委监委',
		 deadline = DATE '2017-09-30', random = (unit_id = 'V2'), expected = 1.25 WHERE run_id = 'r2'`,
		`INSERT INTO plans VALUES ('r2', 'local-search', '按巡察发现问题数校准', 'problems found per tour', 12.5, 13.0, 0.0385, 1, 1, 1, 1, 6, 3, 1, 0.04,
		 DATE '2012-03-01', true, '', 'test', '[]')`,
		`INSERT INTO plan_teams VALUES ('r2', 1, '第一巡察组', 'D2', 2), ('r2', 2, '第二巡察组', 'D1', 2)`,
		`INSERT INTO plan_rounds VALUES ('r2', 1, '第1轮', DATE '2017-06-01', DATE '2017-07-12')`,
		`INSERT INTO tour_schedule VALUES ('r2', 'V1', DATE '2014-03-01', DATE '2019-03-01', 2, 1, false, 1.25),
		 ('r2', 'T2', NULL, DATE '2017-03-01', 0, 1, true, 0.5), ('r2', 'S1', NULL, DATE '2020-01-01', 3, 3, false, 0.1)`,
		`INSERT INTO target_status VALUES
		 ('r2', 'tour-20170531-V1', 'tour', 'V1', 'repeat', true, DATE '2016-12-31', 'D9', 'confirmed', DATE '2017-01-20', DATE '2017-04-20'),
		 ('r2', 'reminder-20161231-T1', 'reminder', 'T1', 'cleared', false, DATE '2016-12-31', 'D8', 'unfounded', DATE '2017-02-01', NULL)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	_, files := writeFixture(t, db, Options{})
	for page, want := range map[string][]string{
		pagePlanner: {`data-query="plan_summary"`, "目标函数（预计发现问题数）12.5，上界 13.0，差距 3.85%；求解用时 0.04 秒。",
			"按巡察发现问题数校准", "各组各轮进驻的区（市）县由局部搜索确定", "第一巡察组", "第1轮 2017年6月1日–2017年7月12日", `data-query="plan_schedule"`, "全部单位均在到期年度内安排巡察",
			`class="random"`, "抽签", "反复（红）", "status-red", "2017年9月30日", "一区纪委监委", "tour-20170531-V1",
			"earlier-targets", "已销号（绿）", "reminder-20161231-T1"},
		districtDir + "/D1.js": {`"plan":{"last":"2014年3月1日","due":"2019年3月1日"`, "反复（红）"},
		pageOutcomes:           {"截至2017年5月31日，处置结果 0 条", "按风险选点", "随机抽签", "暂无规则满足停用条件。", "未拟合"},
		pageDiff:               {"A（上一次）", "<code>r1</code>", "等级变化的单位", "diff-bands"},
	} {
		got := string(files[page])
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q", page, w)
			}
		}
	}
}
