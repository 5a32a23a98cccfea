-- Accusation-type reports (检控类) received in the window: the records
-- behind reports_eb_rate. Free-text columns (status) are not copied.
-- name: records
SELECT r.unit_id, r.report_id AS record_id, r.received_on AS record_on, NULL::DOUBLE AS amount,
       json_object('channel', r.channel, 'domain', r.domain) AS figures,
       concat_ws('，', strftime(r.received_on, '%Y-%m-%d') || '收到检控类举报', '渠道：' || ch.zh, '领域：' || d.zh) AS reason_zh,
       concat_ws(', ', 'accusation received ' || strftime(r.received_on, '%Y-%m-%d'), 'channel: ' || ch.en,
                 'domain: ' || d.en) AS reason_en,
       r._batch AS batch_id, r._row AS source_row
FROM reports r
SEMI JOIN risk_scope s ON s.unit_id = r.unit_id
LEFT JOIN risk_labels ch ON ch.enum = 'channel' AND ch.code = r.channel
LEFT JOIN risk_labels d ON d.enum = 'domain' AND d.code = r.domain
WHERE r.category = 'accusation'
  AND r.received_on <= $as_of::DATE
  AND r.received_on > $as_of::DATE - to_months($months)
