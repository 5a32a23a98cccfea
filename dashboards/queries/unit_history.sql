-- Every stored run's score of the units scored in run $1, oldest first.
SELECT s.unit_id, s.run_id, r.as_of, s.score, s.rank, s.band
FROM scores s
JOIN runs r USING (run_id)
WHERE s.unit_id IN (SELECT unit_id FROM scores WHERE run_id = $1)
ORDER BY s.unit_id, r.as_of, r.created_at
