-- Tours and unannounced visits of the oversight window with problems found:
-- the records behind oversight_findings, whose observed figure is the
-- problems found (not the records) against the city's problems per
-- inspection × the unit's inspections with known findings.
-- name: records
SELECT i.unit_id, i.inspection_id AS record_id, i.start_on AS record_on, NULL::DOUBLE AS amount,
       json_object('kind', i.kind, 'problems_found', i.problems_found, 'problems_rectified', i.problems_rectified) AS figures,
       printf('%s%s发现问题%d个', strftime(i.start_on, '%Y-%m-%d'), coalesce(k.zh, i.kind), i.problems_found) AS reason_zh,
       printf('%s: %s found %d problems', strftime(i.start_on, '%Y-%m-%d'), lower(coalesce(k.en, i.kind)), i.problems_found) AS reason_en,
       i._batch AS batch_id, i._row AS source_row, i.problems_found
FROM inspections i
SEMI JOIN risk_scope s ON s.unit_id = i.unit_id
LEFT JOIN risk_labels k ON k.enum = 'inspection_kind' AND k.code = i.kind
WHERE i.problems_found > 0
  AND i.start_on <= $as_of::DATE
  AND i.start_on > $as_of::DATE - to_months($months)
;
-- name: units
SELECT i.unit_id, count(*) AS inspections, coalesce(sum(i.problems_found), 0) AS observed
FROM inspections i
SEMI JOIN risk_scope s ON s.unit_id = i.unit_id
WHERE i.problems_found IS NOT NULL
  AND i.start_on <= $as_of::DATE
  AND i.start_on > $as_of::DATE - to_months($months)
GROUP BY i.unit_id
