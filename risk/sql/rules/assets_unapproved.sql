-- Collective transactions of any kind in the assets window not approved
-- (NULL, unknown, is not counted).
-- name: records
SELECT a.unit_id, a.txn_id AS record_id, a.txn_on AS record_on, a.amount_yuan::DOUBLE AS amount,
       json_object('kind', a.kind, 'category', a.category) AS figures,
       printf('%s%s，金额%.2f元，未经审批', strftime(a.txn_on, '%Y-%m-%d'), coalesce(k.zh, a.kind), a.amount_yuan::DOUBLE) AS reason_zh,
       printf('%s: %s of %.2f yuan not approved', strftime(a.txn_on, '%Y-%m-%d'), lower(coalesce(k.en, a.kind)),
              a.amount_yuan::DOUBLE) AS reason_en,
       a._batch AS batch_id, a._row AS source_row
FROM assets a
SEMI JOIN risk_scope s ON s.unit_id = a.unit_id
LEFT JOIN risk_labels k ON k.enum = 'asset_kind' AND k.code = a.kind
WHERE a.approved = false
  AND a.txn_on <= $as_of::DATE
  AND a.txn_on > $as_of::DATE - to_months($months)
