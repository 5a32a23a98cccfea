-- First-two-digit counts of each scored unit's payments in the payments
-- window, for units with at least the minimum number of payments. The
-- placeholder in the innermost SELECT is replaced by
-- benford.SQLDigits(benford.FirstTwo, "amount").
WITH p AS (
    SELECT p.unit_id, p.amount_yuan::DOUBLE AS amount
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($payments_months)
),
enough AS (
    SELECT unit_id FROM p GROUP BY unit_id HAVING count(*) >= $min_n
)
SELECT unit_id, digits, count(*) AS n
FROM (SELECT unit_id, {{digits}} AS digits FROM p SEMI JOIN enough USING (unit_id))
WHERE digits IS NOT NULL
GROUP BY ALL
