-- The unit's last routine or special tour on or before the as-of date is
-- its record; units never toured have none, and "units" gives every unit's
-- months since its last tour, or since the first tour on record for a
-- unit never toured (gap_open = 1: at least that long).
-- name: records
SELECT unit_id, inspection_id AS record_id, start_on AS record_on, NULL::DOUBLE AS amount,
       json_object('kind', kind, 'months_since', months_since, 'cycle_months', $cycle_months) AS figures,
       printf('最近一次巡察始于%s，距评估日%d个月（全覆盖周期%d个月）', strftime(start_on, '%Y-%m-%d'), months_since, $cycle_months) AS reason_zh,
       printf('last tour began %s, %d months before the as-of date (coverage cycle %d months)', strftime(start_on, '%Y-%m-%d'), months_since, $cycle_months) AS reason_en,
       batch_id, source_row
FROM (
    SELECT i.unit_id, i.inspection_id, i.start_on, i.kind, i._batch AS batch_id, i._row AS source_row,
           (year($as_of::DATE) - year(i.start_on)) * 12 + month($as_of::DATE) - month(i.start_on)
             - CASE WHEN day($as_of::DATE) < day(i.start_on) THEN 1 ELSE 0 END AS months_since
    FROM inspections i
    SEMI JOIN risk_scope s ON s.unit_id = i.unit_id
    WHERE i.kind IN ('routine_tour', 'special_tour') AND i.start_on <= $as_of::DATE
    QUALIFY row_number() OVER (PARTITION BY i.unit_id ORDER BY i.start_on DESC, i.inspection_id DESC) = 1
)
;
-- name: units
WITH first AS (
    SELECT min(start_on) AS d FROM inspections
    WHERE kind IN ('routine_tour', 'special_tour') AND start_on <= $as_of::DATE
)
SELECT s.unit_id,
       coalesce((SELECT any_value(figures ->> 'months_since')::DOUBLE FROM rule_flags f WHERE f.unit_id = s.unit_id),
                (year($as_of::DATE) - year(first.d)) * 12 + month($as_of::DATE) - month(first.d)) AS gap_months,
       CASE WHEN s.unit_id IN (SELECT unit_id FROM rule_flags) THEN 0 ELSE 1 END AS gap_open
FROM risk_scope s, first
WHERE first.d IS NOT NULL
