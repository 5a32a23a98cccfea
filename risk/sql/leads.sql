-- Key leads received on or before the as-of date and still open at it. A
-- lead closed after the as-of date was open then (so that a past as-of date
-- reads the ledger as it stood); one marked closed without a date counts as
-- closed.
SELECT l.unit_id, count(*) AS open_key, min(l.received_on) AS oldest
FROM leads l
SEMI JOIN risk_scope s ON s.unit_id = l.unit_id
WHERE coalesce(l.key_lead, false)
  AND l.received_on <= $as_of::DATE
  AND (l.closed_on > $as_of::DATE
       OR (l.closed_on IS NULL AND coalesce(l.status, 'open') <> 'closed'))
GROUP BY l.unit_id
