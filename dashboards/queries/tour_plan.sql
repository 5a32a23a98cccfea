-- The proposed inspection tour plan of run $1: round, team, order within the
-- team, the unit (name, level, district from the view unit_district), whether
-- the coverage cycle forced it in, and the reasons; then whether the lottery
-- drew it, its expected findings, status across runs, owner, deadline, the
-- team's name and the target's id (NULL for plans made before they existed).
SELECT t.round, t.team, t.seq, t.unit_id, coalesce(u.name, t.unit_id),
       coalesce(u.level, ''), coalesce(d.name, ''), t.forced,
       t.reason_zh, t.reason_en,
       coalesce(t.random, false), t.expected, coalesce(s.status, ''), coalesce(t.owner_name, ''),
       t.deadline, coalesce(pt.name, ''), coalesce(t.target_id, '')
FROM targets t
LEFT JOIN units u ON u.unit_id = t.unit_id
LEFT JOIN unit_district ud ON ud.unit_id = t.unit_id
LEFT JOIN units d ON d.unit_id = ud.district_id
LEFT JOIN plan_teams pt ON pt.run_id = t.run_id AND pt.team = t.team
LEFT JOIN target_status s ON s.run_id = t.run_id AND s.target_id = t.target_id
WHERE t.run_id = $1 AND t.kind = 'tour'
ORDER BY t.round NULLS LAST, t.team NULLS LAST, t.seq, t.unit_id
