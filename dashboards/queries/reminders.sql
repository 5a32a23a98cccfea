-- The proposed work reminders (工作提醒) of run $1, in order, with the
-- unit's district (as in district_ranking.sql) and, where the scorer wrote
-- it, the funnel indicator's observed and expected cases.
WITH RECURSIVE up(unit_id, anc_id, hops) AS (
  SELECT unit_id, unit_id, 0 FROM units
  UNION ALL
  SELECT up.unit_id, p.parent_id, up.hops + 1
  FROM up
  JOIN units p ON p.unit_id = up.anc_id
  WHERE p.level <> 'district' AND p.parent_id IS NOT NULL AND up.hops < 8
),
unit_district AS (
  SELECT up.unit_id, any_value(d.name) AS district_name
  FROM up
  JOIN units d ON d.unit_id = up.anc_id AND d.level = 'district'
  GROUP BY 1
)
SELECT t.seq, t.unit_id, coalesce(u.name, t.unit_id), coalesce(u.level, ''),
       coalesce(ud.district_name, ''), i.observed, i.expected,
       t.reason_zh, t.reason_en
FROM targets t
LEFT JOIN units u ON u.unit_id = t.unit_id
LEFT JOIN unit_district ud ON ud.unit_id = t.unit_id
LEFT JOIN indicators i
       ON i.run_id = t.run_id AND i.unit_id = t.unit_id AND i.indicator = 'cases_funnel_z'
WHERE t.run_id = $1 AND t.kind = 'reminder'
ORDER BY t.seq, t.unit_id
