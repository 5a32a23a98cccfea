-- Collective transactions per scored unit and kind in the assets window:
-- the stratified denominator of the asset indicators (stratum = kind).
SELECT a.unit_id, a.kind::VARCHAR AS stratum, count(*) AS n
FROM assets a
SEMI JOIN risk_scope s ON s.unit_id = a.unit_id
WHERE a.txn_on <= $as_of::DATE
  AND a.txn_on > $as_of::DATE - to_months($months)
GROUP BY ALL
