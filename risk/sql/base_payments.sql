-- Payments per scored unit in the payments window: the denominator of the
-- payment indicators (figure "payments").
SELECT p.unit_id, count(*) AS payments
FROM payments p
SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
WHERE p.paid_on <= $as_of::DATE
  AND p.paid_on > $as_of::DATE - to_months($months)
GROUP BY p.unit_id
