-- Leases and contracts in the assets window with a counterparty who is a
-- relative of the unit's own cadres (relations.related_id =
-- counterparty_id, relations.unit_id = the unit).
-- name: records
WITH a AS (
    SELECT a.* FROM assets a
    SEMI JOIN risk_scope s ON s.unit_id = a.unit_id
    WHERE a.kind IN ('lease', 'contract')
      AND a.txn_on <= $as_of::DATE
      AND a.txn_on > $as_of::DATE - to_months($months)
),
m AS (
    SELECT a.txn_id, min(r.relation) AS relation
    FROM a JOIN relations r ON r.related_id = a.counterparty_id AND r.unit_id = a.unit_id
    GROUP BY a.txn_id
)
SELECT a.unit_id, a.txn_id AS record_id, a.txn_on AS record_on, a.amount_yuan::DOUBLE AS amount,
       json_object('kind', a.kind, 'relation', m.relation, 'area_mu', a.area_mu, 'public_bidding', a.public_bidding) AS figures,
       printf('%s%s给本单位干部的%s，金额%.2f元%s', strftime(a.txn_on, '%Y-%m-%d'), coalesce(k.zh, a.kind), coalesce(l.zh, '亲属'),
              a.amount_yuan::DOUBLE, CASE WHEN a.public_bidding = false THEN '，未公开招标' ELSE '' END) AS reason_zh,
       printf('%s: %s of %.2f yuan to a cadre''s %s%s', strftime(a.txn_on, '%Y-%m-%d'), lower(coalesce(k.en, a.kind)),
              a.amount_yuan::DOUBLE, lower(coalesce(l.en, 'relative')), CASE WHEN a.public_bidding = false THEN ', without public bidding' ELSE '' END) AS reason_en,
       a._batch AS batch_id, a._row AS source_row
FROM a
JOIN m USING (txn_id)
LEFT JOIN risk_labels k ON k.enum = 'asset_kind' AND k.code = a.kind
LEFT JOIN risk_labels l ON l.enum = 'relation' AND l.code = m.relation
