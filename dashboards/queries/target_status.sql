-- The earlier runs' targets that run $1 does not propose again: their
-- status as of the run (under rectification, cleared, open) and the
-- disposition that decided it.
SELECT s.kind, s.unit_id, s.status, s.first_as_of, coalesce(s.result, ''), s.decided_on, s.rectify_by, s.target_id
FROM target_status s
WHERE s.run_id = $1 AND NOT s.current
ORDER BY s.status, s.kind, s.unit_id
