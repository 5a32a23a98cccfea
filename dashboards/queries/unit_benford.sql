-- First-two-digit counts of the payments of each unit scored in run $1 in
-- the payments window ending at $2 ($3 months), for units with at least $4
-- payments: the unit pages' digit charts. {{digits}} is benford.SQLDigits.
WITH p AS (
    SELECT p.unit_id, p.amount_yuan::DOUBLE AS amount
    FROM payments p
    SEMI JOIN (SELECT unit_id FROM scores WHERE run_id = $1) s USING (unit_id)
    WHERE p.paid_on <= $2::DATE AND p.paid_on > $2::DATE - to_months($3)
),
enough AS (SELECT unit_id FROM p GROUP BY unit_id HAVING count(*) >= $4)
SELECT unit_id, digits, count(*)::BIGINT
FROM (SELECT unit_id, {{digits}} AS digits FROM p SEMI JOIN enough USING (unit_id))
WHERE digits IS NOT NULL
GROUP BY ALL
ORDER BY unit_id, digits
