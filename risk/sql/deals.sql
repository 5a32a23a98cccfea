-- Collective three-assets transactions of each scored unit in the assets
-- window: leases and contracts, how many of them without public bidding
-- (NULL, unknown, is not counted) and over the term limit; all
-- transactions, and how many were not approved (NULL is not counted).
SELECT a.unit_id,
       count(*) FILTER (WHERE a.kind IN ('lease', 'contract')) AS deals,
       count(*) FILTER (WHERE a.kind IN ('lease', 'contract') AND a.public_bidding = false) AS no_bidding,
       count(*) FILTER (WHERE a.kind IN ('lease', 'contract') AND a.term_years > $max_term) AS long_term,
       count(*) AS txns,
       count(*) FILTER (WHERE a.approved = false) AS unapproved
FROM assets a
SEMI JOIN risk_scope s ON s.unit_id = a.unit_id
WHERE a.txn_on <= $as_of::DATE
  AND a.txn_on > $as_of::DATE - to_months($assets_months)
GROUP BY a.unit_id
