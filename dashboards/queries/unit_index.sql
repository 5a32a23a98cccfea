-- The scored units of run $1 for the planner's search and the unit pages:
-- rank, score, band, composite and reasons, with the district and township
-- (view unit_district).
SELECT s.unit_id, coalesce(ud.district_id, ''), coalesce(ud.township_id, ''), s.score, s.rank, s.band,
       s.composite, s.reasons_zh, s.reasons_en
FROM scores s
LEFT JOIN unit_district ud ON ud.unit_id = s.unit_id
WHERE s.run_id = $1
ORDER BY s.rank, s.unit_id
