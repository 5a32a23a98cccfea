-- The units of run $1 by rank (1 = riskiest), the first $2 of them, with
-- name, level and district (the ancestor of level 'district', as in
-- district_ranking.sql).
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
SELECT s.rank, s.unit_id, coalesce(u.name, s.unit_id), coalesce(u.level, ''),
       coalesce(ud.district_name, ''), s.score, s.band, s.reasons_zh, s.reasons_en
FROM scores s
LEFT JOIN units u ON u.unit_id = s.unit_id
LEFT JOIN unit_district ud ON ud.unit_id = s.unit_id
WHERE s.run_id = $1
ORDER BY s.rank, s.unit_id
LIMIT $2
