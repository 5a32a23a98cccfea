-- The latest scoring run, by creation time.
SELECT run_id, as_of, created_at, version, config
FROM runs
ORDER BY created_at DESC, run_id DESC
LIMIT 1
