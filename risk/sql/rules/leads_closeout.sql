-- Leads received in the leads window and not closed by the as-of date (a
-- lead closed after it was open then). The denominator is every lead the
-- unit received in the window (figure "received").
-- name: records
SELECT l.unit_id, l.lead_id AS record_id, l.received_on AS record_on, NULL::DOUBLE AS amount,
       json_object('key_lead', l.key_lead, 'status', l.status) AS figures,
       printf('%s受理的线索，截至%s未办结', strftime(l.received_on, '%Y-%m-%d'), strftime($as_of::DATE, '%Y-%m-%d')) AS reason_zh,
       printf('lead received %s, not closed at %s', strftime(l.received_on, '%Y-%m-%d'), strftime($as_of::DATE, '%Y-%m-%d')) AS reason_en,
       l._batch AS batch_id, l._row AS source_row
FROM leads l
SEMI JOIN risk_scope s ON s.unit_id = l.unit_id
WHERE l.received_on <= $as_of::DATE
  AND l.received_on > $as_of::DATE - to_months($months)
  AND (l.closed_on > $as_of::DATE OR (l.closed_on IS NULL AND coalesce(l.status, 'open') <> 'closed'))
;
-- name: units
SELECT l.unit_id, count(*) AS received
FROM leads l
SEMI JOIN risk_scope s ON s.unit_id = l.unit_id
WHERE l.received_on <= $as_of::DATE
  AND l.received_on > $as_of::DATE - to_months($months)
GROUP BY l.unit_id
