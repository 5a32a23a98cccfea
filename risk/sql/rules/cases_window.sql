-- Cases filed in the window: the records behind cases_eb_rate and
-- cases_funnel_z. Windows end at the as-of date inclusive.
-- name: records
SELECT c.unit_id, c.case_id AS record_id, c.filed_on AS record_on, c.amount_yuan::DOUBLE AS amount,
       json_object('domain', c.domain, 'violation', c.violation, 'source', c.source,
                   'sanctioned', c.sanctioned) AS figures,
       concat_ws('，', strftime(c.filed_on, '%Y-%m-%d') || '立案', '领域：' || d.zh, '问题：' || v.zh,
                 '处分' || c.sanctioned || '人') AS reason_zh,
       concat_ws(', ', 'filed ' || strftime(c.filed_on, '%Y-%m-%d'), 'domain: ' || d.en, 'violation: ' || v.en,
                 c.sanctioned || ' sanctioned') AS reason_en,
       c._batch AS batch_id, c._row AS source_row
FROM cases c
SEMI JOIN risk_scope s ON s.unit_id = c.unit_id
LEFT JOIN risk_labels d ON d.enum = 'domain' AND d.code = c.domain
LEFT JOIN risk_labels v ON v.enum = 'violation' AND v.code = c.violation
WHERE c.filed_on <= $as_of::DATE
  AND c.filed_on > $as_of::DATE - to_months($months)
