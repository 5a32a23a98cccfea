-- The proposed work reminders (工作提醒) of run $1, in order, with the
-- unit's district (from the view unit_district) and, where the scorer wrote
-- it, the funnel indicator's observed and expected cases; then the
-- reminder's status across runs, owner, reply deadline and id.
SELECT t.seq, t.unit_id, coalesce(u.name, t.unit_id), coalesce(u.level, ''),
       coalesce(d.name, ''), i.observed, i.expected,
       t.reason_zh, t.reason_en,
       coalesce(s.status, ''), coalesce(t.owner_name, ''), t.deadline, coalesce(t.target_id, '')
FROM targets t
LEFT JOIN units u ON u.unit_id = t.unit_id
LEFT JOIN unit_district ud ON ud.unit_id = t.unit_id
LEFT JOIN units d ON d.unit_id = ud.district_id
LEFT JOIN indicators i
       ON i.run_id = t.run_id AND i.unit_id = t.unit_id AND i.indicator = 'cases_funnel_z'
LEFT JOIN target_status s ON s.run_id = t.run_id AND s.target_id = t.target_id
WHERE t.run_id = $1 AND t.kind = 'reminder'
ORDER BY t.seq, t.unit_id
