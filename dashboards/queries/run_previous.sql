-- The run before run $1 to compare it with: the latest run with an
-- earlier as-of date, or, with none, the latest made before it.
SELECT r.run_id
FROM runs r, (SELECT as_of, created_at FROM runs WHERE run_id = $1) me
WHERE r.run_id <> $1 AND (r.as_of < me.as_of OR (r.as_of = me.as_of AND r.created_at < me.created_at))
ORDER BY r.as_of DESC, r.created_at DESC
LIMIT 1
