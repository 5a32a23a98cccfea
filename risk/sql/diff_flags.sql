-- The records that one run flags and the other does not, per unit, rule
-- and ingest batch: added (flagged by the second run only) and removed
-- (flagged by the first only: out of the window, or no longer above the
-- rule's threshold), with the first and last of their dates.
WITH a AS (SELECT unit_id, rule, record_id, record_on, batch_id FROM flags WHERE run_id = $a),
     b AS (SELECT unit_id, rule, record_id, record_on, batch_id FROM flags WHERE run_id = $b)
SELECT coalesce(a.unit_id, b.unit_id) AS unit_id, coalesce(a.rule, b.rule) AS rule,
       coalesce(b.batch_id, a.batch_id, 0) AS batch_id, coalesce(any_value(bt.file), '') AS file,
       coalesce(any_value(bt.ledger), '') AS ledger,
       count(*) FILTER (WHERE a.record_id IS NULL) AS added,
       count(*) FILTER (WHERE b.record_id IS NULL) AS removed,
       min(coalesce(b.record_on, a.record_on)) AS first_on, max(coalesce(b.record_on, a.record_on)) AS last_on
FROM a FULL OUTER JOIN b USING (unit_id, rule, record_id)
LEFT JOIN batches bt ON bt.batch_id = coalesce(b.batch_id, a.batch_id)
WHERE a.record_id IS NULL OR b.record_id IS NULL
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
