-- First-two-digit counts of each scored unit's payments in the window
-- (report_digits), for units with at least $1 payments with a digit
-- group: the unit pages' digit charts (of the units in the temp table
-- report_batch).
WITH enough AS (SELECT unit_id FROM report_digits SEMI JOIN report_batch USING (unit_id) GROUP BY unit_id HAVING sum(n) >= $1)
SELECT unit_id, digits, sum(n)::BIGINT
FROM report_digits SEMI JOIN enough USING (unit_id)
GROUP BY ALL
ORDER BY unit_id, digits
