-- Lease prices per mu per year in the assets window, one row per lease of a
-- scored unit with a district. With $per_term (assets.lease_amount =
-- "total") the amount is the whole contract: amount ÷ area ÷ term, or
-- amount ÷ area where the term is missing; otherwise it is the yearly
-- rent: amount ÷ area.
SELECT s.district_id, a.unit_id,
       CASE WHEN $per_term AND a.term_years > 0
            THEN a.amount_yuan::DOUBLE / a.area_mu / a.term_years
            ELSE a.amount_yuan::DOUBLE / a.area_mu
       END AS price
FROM assets a
JOIN risk_scope s ON s.unit_id = a.unit_id
WHERE a.kind = 'lease'
  AND a.area_mu > 0 AND a.amount_yuan > 0
  AND s.district_id IS NOT NULL
  AND a.txn_on <= $as_of::DATE
  AND a.txn_on > $as_of::DATE - to_months($assets_months)
ORDER BY s.district_id, a.unit_id, price
