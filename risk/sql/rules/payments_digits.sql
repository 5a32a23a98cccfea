-- payments_benford_mad reads, per scored unit with at least the minimum of
-- payments in the window, the count and the sum of its payments in each
-- first-two-digit group ({{first_two_digits}} is benford.SQLDigitsCents
-- of the amount as stored, DECIMAL yuan).
-- name: records
WITH p AS (
    SELECT p.unit_id, p.amount_yuan AS amount
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
),
enough AS (
    SELECT unit_id FROM p GROUP BY unit_id HAVING count(*) >= $minimum
)
SELECT unit_id, digits, count(*) AS n, sum(amount)::DOUBLE AS amount
FROM (SELECT unit_id, amount, {{first_two_digits}} AS digits FROM p SEMI JOIN enough USING (unit_id))
WHERE digits IS NOT NULL
GROUP BY ALL
