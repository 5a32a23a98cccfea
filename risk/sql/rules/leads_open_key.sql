-- Key leads received on or before the as-of date and still open at it. A
-- lead closed after the as-of date was open then (so that a past as-of date
-- reads the ledger as it stood); one marked closed without a date counts as
-- closed. months_open is whole months from receipt to the as-of date.
-- name: records
SELECT unit_id, record_id, record_on, NULL::DOUBLE AS amount,
       json_object('months_open', months_open, 'status', status) AS figures,
       printf('%s受理的重点线索，截至%s未销号，已%d个月', strftime(record_on, '%Y-%m-%d'),
              strftime($as_of::DATE, '%Y-%m-%d'), months_open) AS reason_zh,
       printf('key lead received %s, still open at %s after %d months', strftime(record_on, '%Y-%m-%d'),
              strftime($as_of::DATE, '%Y-%m-%d'), months_open) AS reason_en,
       batch_id, source_row, months_open
FROM (
    SELECT l.unit_id, l.lead_id AS record_id, l.received_on AS record_on, l.status,
           l._batch AS batch_id, l._row AS source_row,
           (year($as_of::DATE) - year(l.received_on)) * 12 + month($as_of::DATE) - month(l.received_on)
             - CASE WHEN day($as_of::DATE) < day(l.received_on) THEN 1 ELSE 0 END AS months_open
    FROM leads l
    SEMI JOIN risk_scope s ON s.unit_id = l.unit_id
    WHERE coalesce(l.key_lead, false)
      AND l.received_on <= $as_of::DATE
      AND (l.closed_on > $as_of::DATE
           OR (l.closed_on IS NULL AND coalesce(l.status, 'open') <> 'closed'))
)
;
-- name: units
SELECT unit_id, max(months_open) AS oldest_months
FROM rule_flags
GROUP BY unit_id
