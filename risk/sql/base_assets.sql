-- Collective three-assets transactions per scored unit in the assets
-- window: leases and contracts (figure "deals") and all transactions
-- (figure "txns"), the denominators of the asset indicators.
SELECT a.unit_id,
       count(*) FILTER (WHERE a.kind IN ('lease', 'contract')) AS deals,
       count(*) AS txns
FROM assets a
SEMI JOIN risk_scope s ON s.unit_id = a.unit_id
WHERE a.txn_on <= $as_of::DATE
  AND a.txn_on > $as_of::DATE - to_months($months)
GROUP BY a.unit_id
