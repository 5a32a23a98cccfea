-- How many units run $1 scored, per band.
SELECT band, count(*)::BIGINT
FROM scores
WHERE run_id = $1
GROUP BY 1
ORDER BY 1
