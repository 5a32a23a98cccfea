-- Leases and contracts in the assets window for a term over
-- assets.max_term_years.
-- name: records
SELECT a.unit_id, a.txn_id AS record_id, a.txn_on AS record_on, a.amount_yuan::DOUBLE AS amount,
       json_object('kind', a.kind, 'term_years', a.term_years, 'limit_years', $max_term, 'area_mu', a.area_mu) AS figures,
       printf('%s%s，期限%g年，超过%g年上限', strftime(a.txn_on, '%Y-%m-%d'), coalesce(k.zh, a.kind), a.term_years::DOUBLE,
              $max_term::DOUBLE) AS reason_zh,
       printf('%s: %s for %g years, over the %g-year limit', strftime(a.txn_on, '%Y-%m-%d'), lower(coalesce(k.en, a.kind)),
              a.term_years::DOUBLE, $max_term::DOUBLE) AS reason_en,
       a._batch AS batch_id, a._row AS source_row
FROM assets a
SEMI JOIN risk_scope s ON s.unit_id = a.unit_id
LEFT JOIN risk_labels k ON k.enum = 'asset_kind' AND k.code = a.kind
WHERE a.kind IN ('lease', 'contract') AND a.term_years > $max_term
  AND a.txn_on <= $as_of::DATE
  AND a.txn_on > $as_of::DATE - to_months($months)
