-- A run's as-of date, creation time, code version, configuration and the
-- ingest batches it read.
SELECT run_id, as_of, created_at, version, config, batches FROM runs WHERE run_id = $run_id
