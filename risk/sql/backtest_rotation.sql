-- The rotation plan a commission follows without a score: units in order
-- of their last routine or special tour on or before the as-of date, the
-- longest untoured (never toured first), ties by unit id.
SELECT s.unit_id
FROM risk_scope s
LEFT JOIN (
    SELECT unit_id, max(start_on) AS last_tour FROM inspections
    WHERE kind IN ('routine_tour', 'special_tour') AND start_on <= $as_of::DATE
    GROUP BY unit_id
) t USING (unit_id)
ORDER BY t.last_tour NULLS FIRST, s.unit_id
