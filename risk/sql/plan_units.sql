-- The run's scored units, riskiest first, with their name, level, district
-- and township (codes and names, for printing) and the start of their last
-- tour (routine or special) on or before the as-of date.
WITH tours AS (
    SELECT unit_id, max(start_on) AS last_tour
    FROM inspections
    WHERE kind IN ('routine_tour', 'special_tour') AND start_on <= $as_of::DATE
    GROUP BY unit_id
)
SELECT s.unit_id, coalesce(u.name, ''), coalesce(u.level, ''),
       coalesce(d.district_id, ''), coalesce(du.name, ''),
       coalesce(d.township_id, ''), coalesce(tu.name, ''),
       s.rank, s.score, s.band, s.reasons_zh, s.reasons_en, t.last_tour
FROM scores s
LEFT JOIN units u USING (unit_id)
LEFT JOIN unit_district d USING (unit_id)
LEFT JOIN units du ON du.unit_id = d.district_id
LEFT JOIN units tu ON tu.unit_id = d.township_id
LEFT JOIN tours t USING (unit_id)
WHERE s.run_id = $run_id
ORDER BY s.rank, s.unit_id
