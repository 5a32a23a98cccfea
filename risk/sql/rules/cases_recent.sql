-- trend_cases: the cases filed in the last trend window are its records;
-- "units" counts each unit's cases in the window before (figure
-- "previous").
-- name: records
SELECT c.unit_id, c.case_id AS record_id, c.filed_on AS record_on, c.amount_yuan::DOUBLE AS amount,
       json_object('domain', c.domain, 'violation', c.violation) AS figures,
       concat_ws('，', strftime(c.filed_on, '%Y-%m-%d') || '立案（近' || $months || '个月）', '领域：' || d.zh) AS reason_zh,
       concat_ws(', ', 'filed ' || strftime(c.filed_on, '%Y-%m-%d') || ' (last ' || $months || ' months)',
                 'domain: ' || d.en) AS reason_en,
       c._batch AS batch_id, c._row AS source_row
FROM cases c
SEMI JOIN risk_scope s ON s.unit_id = c.unit_id
LEFT JOIN risk_labels d ON d.enum = 'domain' AND d.code = c.domain
WHERE c.filed_on <= $as_of::DATE
  AND c.filed_on > $as_of::DATE - to_months($months)
;
-- name: units
SELECT c.unit_id, count(*) AS previous
FROM cases c
SEMI JOIN risk_scope s ON s.unit_id = c.unit_id
WHERE c.filed_on <= $as_of::DATE - to_months($months)
  AND c.filed_on > $as_of::DATE - to_months(2 * $months)
GROUP BY c.unit_id
