-- Leases and contracts of each scored unit in the assets window: how many,
-- how many without public bidding (NULL, unknown, is not counted), how many
-- over the term limit.
SELECT a.unit_id,
       count(*) AS deals,
       count(*) FILTER (WHERE a.public_bidding = false) AS no_bidding,
       count(*) FILTER (WHERE a.term_years > $max_term) AS long_term,
       count(*) FILTER (WHERE a.public_bidding = false OR a.term_years > $max_term) AS flagged
FROM assets a
SEMI JOIN risk_scope s ON s.unit_id = a.unit_id
WHERE a.kind IN ('lease', 'contract')
  AND a.txn_on <= $as_of::DATE
  AND a.txn_on > $as_of::DATE - to_months($assets_months)
GROUP BY a.unit_id
