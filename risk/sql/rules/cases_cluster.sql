-- cases_cluster (SpaceCluster): per scored unit, its cases filed in the
-- window and its coordinates, which Kulldorff's scan reads; staff and
-- district come from the scope.
-- name: records
SELECT s.unit_id, coalesce(c.n, 0) AS cases, u.longitude, u.latitude
FROM risk_scope s
JOIN units u USING (unit_id)
LEFT JOIN (
    SELECT unit_id, count(*) AS n
    FROM cases
    WHERE filed_on <= $as_of::DATE
      AND filed_on > $as_of::DATE - to_months($months)
    GROUP BY unit_id
) c USING (unit_id)
-- name: flags
-- The flags: the cases in the window of the units of a significant
-- cluster (the temp table rule_units, with the cluster's figures and
-- reason).
SELECT c.unit_id, c.case_id AS record_id, c.filed_on AS record_on, c.amount_yuan::DOUBLE AS amount,
       r.figures,
       concat_ws('，', r.reason_zh, strftime(c.filed_on, '%Y-%m-%d') || '立案', '领域：' || d.zh) AS reason_zh,
       concat_ws(', ', r.reason_en, 'filed ' || strftime(c.filed_on, '%Y-%m-%d'), 'domain: ' || d.en) AS reason_en,
       c._batch AS batch_id, c._row AS source_row
FROM cases c
JOIN rule_units r USING (unit_id)
LEFT JOIN risk_labels d ON d.enum = 'domain' AND d.code = c.domain
WHERE c.filed_on <= $as_of::DATE
  AND c.filed_on > $as_of::DATE - to_months($months)
