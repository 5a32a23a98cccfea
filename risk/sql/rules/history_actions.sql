-- Talks, warning letters (工作提醒), accountability and exposure taken
-- against the unit in the history window: the commission has seen
-- problems there before.
-- name: records
SELECT a.unit_id, a.action_id AS record_id, a.taken_on AS record_on, NULL::DOUBLE AS amount,
       json_object('kind', a.kind, 'persons', a.persons) AS figures,
       concat_ws('，', strftime(a.taken_on, '%Y-%m-%d') || coalesce(k.zh, a.kind), '涉及' || a.persons || '人') AS reason_zh,
       concat_ws(', ', strftime(a.taken_on, '%Y-%m-%d') || ': ' || lower(coalesce(k.en, a.kind)), a.persons || ' people') AS reason_en,
       a._batch AS batch_id, a._row AS source_row
FROM actions a
SEMI JOIN risk_scope s ON s.unit_id = a.unit_id
LEFT JOIN risk_labels k ON k.enum = 'action_kind' AND k.code = a.kind
WHERE a.kind IN ('talk', 'warning_letter', 'accountability', 'exposure')
  AND a.taken_on <= $as_of::DATE
  AND a.taken_on > $as_of::DATE - to_months($months)
