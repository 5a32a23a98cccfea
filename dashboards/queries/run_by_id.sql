-- One scoring run.  $1 = run_id.
SELECT run_id, as_of, created_at, version, config
FROM runs
WHERE run_id = $1
