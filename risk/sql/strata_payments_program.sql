-- Payments per scored unit and programme in the payments window: the
-- stratified denominator of the payment indicators (stratum = program).
SELECT p.unit_id, p.program AS stratum, count(*) AS n
FROM payments p
SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
WHERE p.paid_on <= $as_of::DATE
  AND p.paid_on > $as_of::DATE - to_months($months)
GROUP BY ALL
