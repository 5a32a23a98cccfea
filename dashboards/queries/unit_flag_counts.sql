-- How many flags of each rule each unit has in run $1.
SELECT unit_id, rule, count(*)::BIGINT
FROM flags
WHERE run_id = $1
GROUP BY ALL
