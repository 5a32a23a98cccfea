-- The units of run $1 by rank (1 = riskiest), the first $2 of them, with
-- name, level and district (its ancestor of level 'district', from the
-- view unit_district).
SELECT s.rank, s.unit_id, coalesce(u.name, s.unit_id), coalesce(u.level, ''),
       coalesce(d.name, ''), s.score, s.band, s.reasons_zh, s.reasons_en
FROM scores s
LEFT JOIN units u ON u.unit_id = s.unit_id
LEFT JOIN unit_district ud ON ud.unit_id = s.unit_id
LEFT JOIN units d ON d.unit_id = ud.district_id
WHERE s.run_id = $1
ORDER BY s.rank, s.unit_id
LIMIT $2
