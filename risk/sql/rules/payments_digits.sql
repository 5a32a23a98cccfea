-- payments_benford_mad reads, per scored unit with at least the minimum of
-- payments in the window, the count and the sum of its payments in each
-- first-two-digit group ({{cents}} is benford.SQLCents of the amount as
-- stored, DECIMAL yuan, and {{first_two_digits}} benford.SQLDigitsOfCents
-- of the column cents) — leaving out the programmes' standard amounts
-- (risk_standard_amounts), which follow policy, not Benford's law.
-- name: records
WITH w AS (
    SELECT p.unit_id, p.program, p.amount_yuan
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
),
p AS NOT MATERIALIZED (
    SELECT unit_id, amount_yuan AS amount FROM w ANTI JOIN risk_standard_amounts USING (program, amount_yuan)
),
enough AS (
    SELECT unit_id FROM p GROUP BY unit_id HAVING count(*) >= $minimum
)
SELECT unit_id, digits, count(*) AS n, sum(amount)::DOUBLE AS amount
FROM (SELECT unit_id, amount, {{first_two_digits}} AS digits
      FROM (SELECT unit_id, amount, {{cents}} AS cents FROM p SEMI JOIN enough USING (unit_id)))
WHERE digits IS NOT NULL
GROUP BY ALL
