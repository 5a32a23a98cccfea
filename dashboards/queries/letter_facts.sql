-- The facts of the reminder letters of run $1: for each reminder target,
-- the indicators that raise its score (positive contribution), largest
-- first, with their reason sentences.
SELECT i.unit_id, i.indicator, i.contribution, i.reason_zh, i.reason_en
FROM indicators i
SEMI JOIN (SELECT unit_id FROM targets WHERE run_id = $1 AND kind = 'reminder') t USING (unit_id)
WHERE i.run_id = $1 AND i.contribution > 0 AND i.reason_zh IS NOT NULL
ORDER BY i.unit_id, i.contribution DESC, i.indicator
