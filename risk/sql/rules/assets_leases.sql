-- Lease prices per mu per year in the assets window, one row per lease of
-- a scored unit with a district, sorted by district (assets_lease_price_z
-- and assets_lease_below compute the district's robust z in Go). With
-- $per_term (assets.lease_amount = "total") the amount is the whole
-- contract: amount ÷ area ÷ term, or amount ÷ area where the term is
-- missing; otherwise it is the yearly rent: amount ÷ area.
-- name: records
SELECT a.unit_id, s.district_id, a.txn_id AS record_id, a.txn_on AS record_on, a.amount_yuan::DOUBLE AS amount,
       a.area_mu::DOUBLE AS area_mu, a.term_years::DOUBLE AS term_years,
       CASE WHEN $per_term AND a.term_years > 0
            THEN a.amount_yuan::DOUBLE / a.area_mu / a.term_years
            ELSE a.amount_yuan::DOUBLE / a.area_mu
       END AS price,
       coalesce(a.public_bidding AND a.approved, false) AS open_deal,
       a._batch AS batch_id, a._row AS source_row
FROM assets a
JOIN risk_scope s ON s.unit_id = a.unit_id
WHERE a.kind = 'lease'
  AND a.area_mu > 0 AND a.amount_yuan > 0
  AND s.district_id IS NOT NULL
  AND a.txn_on <= $as_of::DATE
  AND a.txn_on > $as_of::DATE - to_months($months)
ORDER BY s.district_id, a.unit_id, price, a.txn_id
