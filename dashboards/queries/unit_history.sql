-- Every stored run's score of the units scored in run $1, oldest first
-- (of the units in the temp table report_batch).
SELECT s.unit_id, s.run_id, r.as_of, s.score, s.rank, s.band
FROM scores s
JOIN runs r USING (run_id)
WHERE s.unit_id IN (SELECT unit_id FROM scores SEMI JOIN report_batch USING (unit_id) WHERE run_id = $1)
ORDER BY s.unit_id, r.as_of, r.created_at
