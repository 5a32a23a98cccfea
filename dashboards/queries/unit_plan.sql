-- Each scored unit's place in run $1's plan: its last tour, when full
-- coverage makes it due, the year it is scheduled for, and, if toured this
-- year, the round, its dates, the team and whether the lottery drew it.
SELECT s.unit_id, s.last_tour, s.due_on, s.due_year, s.planned_year, s.overdue, s.expected,
       t.round, r.starts_on, r.ends_on, pt.name, coalesce(t.random, false)
FROM tour_schedule s
LEFT JOIN targets t ON t.run_id = s.run_id AND t.unit_id = s.unit_id AND t.kind = 'tour'
LEFT JOIN plan_rounds r ON r.run_id = s.run_id AND r.round = t.round
LEFT JOIN plan_teams pt ON pt.run_id = s.run_id AND pt.team = t.team
WHERE s.run_id = $1
