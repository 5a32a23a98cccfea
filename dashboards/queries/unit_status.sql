-- Each unit's targets as of run $1, this run's and earlier runs': kind,
-- status, first proposed, the last finding and the end of rectification.
SELECT unit_id, kind, status, current, first_as_of, coalesce(result, ''), decided_on, rectify_by, target_id
FROM target_status WHERE run_id = $1
ORDER BY unit_id, kind
