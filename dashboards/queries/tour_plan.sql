-- The proposed inspection tour plan of run $1: round, team, order within the
-- team, the unit (name, level, district from the view unit_district), whether
-- the coverage cycle forced it in, and the reasons.
SELECT t.round, t.team, t.seq, t.unit_id, coalesce(u.name, t.unit_id),
       coalesce(u.level, ''), coalesce(d.name, ''), t.forced,
       t.reason_zh, t.reason_en
FROM targets t
LEFT JOIN units u ON u.unit_id = t.unit_id
LEFT JOIN unit_district ud ON ud.unit_id = t.unit_id
LEFT JOIN units d ON d.unit_id = ud.district_id
WHERE t.run_id = $1 AND t.kind = 'tour'
ORDER BY t.round NULLS LAST, t.team NULLS LAST, t.seq, t.unit_id
