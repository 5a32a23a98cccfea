-- The targets of runs before the as-of date (each target id once), for
-- the status of every target across runs.
SELECT t.target_id, any_value(t.kind), any_value(t.unit_id), any_value(r.as_of)
FROM targets t JOIN runs r USING (run_id)
WHERE t.target_id IS NOT NULL AND r.as_of < $as_of::DATE
GROUP BY t.target_id
ORDER BY 4, 1
