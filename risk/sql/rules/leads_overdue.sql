-- Leads of any kind still open at the as-of date more than
-- leads.overdue_months after they were received (read as of the as-of
-- date, as leads_open_key does). months_open is whole months.
-- name: records
SELECT unit_id, record_id, record_on, NULL::DOUBLE AS amount,
       json_object('months_open', months_open, 'key_lead', key_lead) AS figures,
       printf('%s受理的%s线索，截至%s已%d个月未办结', strftime(record_on, '%Y-%m-%d'),
              CASE WHEN key_lead THEN '重点' ELSE '' END, strftime($as_of::DATE, '%Y-%m-%d'), months_open) AS reason_zh,
       printf('%slead received %s, still open at %s after %d months', CASE WHEN key_lead THEN 'key ' ELSE '' END,
              strftime(record_on, '%Y-%m-%d'), strftime($as_of::DATE, '%Y-%m-%d'), months_open) AS reason_en,
       batch_id, source_row, months_open
FROM (
    SELECT l.unit_id, l.lead_id AS record_id, l.received_on AS record_on, coalesce(l.key_lead, false) AS key_lead,
           l._batch AS batch_id, l._row AS source_row,
           (year($as_of::DATE) - year(l.received_on)) * 12 + month($as_of::DATE) - month(l.received_on)
             - CASE WHEN day($as_of::DATE) < day(l.received_on) THEN 1 ELSE 0 END AS months_open
    FROM leads l
    SEMI JOIN risk_scope s ON s.unit_id = l.unit_id
    WHERE l.received_on <= $as_of::DATE
      AND (l.closed_on > $as_of::DATE
           OR (l.closed_on IS NULL AND coalesce(l.status, 'open') <> 'closed'))
)
WHERE months_open >= $overdue_months
;
-- name: units
SELECT unit_id, max(months_open) AS oldest_months, median(months_open) AS median_months
FROM rule_flags
GROUP BY unit_id
