-- The dispositions that cannot be kept, each with the column and value at
-- fault and the reason: one that names no target, flag or unit; a target
-- or a flag that no run proposed; a target or flag of another unit than
-- the one named; a decision dated before the target was proposed or the
-- record flagged, or after the day of the check ($today, NULL: not
-- checked). A flag id is rule/unit/record (see risk.FlagID).
WITH d AS (
    SELECT disposition_id, decided_on, target_id, flag_id, unit_id, _batch, _row,
           split_part(flag_id, '/', 1) AS f_rule,
           split_part(flag_id, '/', 2) AS f_unit,
           substr(flag_id, length(split_part(flag_id, '/', 1)) + length(split_part(flag_id, '/', 2)) + 3) AS f_record
    FROM dispositions
), tg AS (
    SELECT t.target_id, any_value(t.unit_id) AS unit_id, min(r.as_of) AS as_of
    FROM targets t JOIN runs r USING (run_id)
    WHERE t.target_id IN (SELECT target_id FROM d)
    GROUP BY t.target_id
), fl AS (
    SELECT d.disposition_id, min(r.as_of) AS as_of
    FROM d
    JOIN flags f ON f.rule = d.f_rule AND f.unit_id = d.f_unit AND f.record_id = d.f_record
    JOIN runs r ON r.run_id = f.run_id
    GROUP BY d.disposition_id
), judged AS (
    SELECT d._batch, d._row,
        CASE
            WHEN d.target_id IS NULL AND d.flag_id IS NULL AND d.unit_id IS NULL
                THEN ['target_id', NULL, 'names no target, flag or unit']
            WHEN d.target_id IS NOT NULL AND tg.target_id IS NULL
                THEN ['target_id', d.target_id, 'unknown target: no run proposed it']
            WHEN d.flag_id IS NOT NULL AND fl.disposition_id IS NULL
                THEN ['flag_id', d.flag_id, 'unknown flag: no run flagged this record under this rule (a flag id is rule/unit/record)']
            WHEN d.unit_id IS NOT NULL AND tg.unit_id IS NOT NULL AND tg.unit_id <> d.unit_id
                THEN ['unit_id', d.unit_id, 'the target is of unit ' || tg.unit_id || ', not of this unit']
            WHEN d.unit_id IS NOT NULL AND d.flag_id IS NOT NULL AND d.f_unit <> d.unit_id
                THEN ['unit_id', d.unit_id, 'the flag is of unit ' || d.f_unit || ', not of this unit']
            WHEN d.decided_on < tg.as_of
                THEN ['decided_on', strftime(d.decided_on, '%Y-%m-%d'),
                      'decided before the target was proposed (as of ' || strftime(tg.as_of, '%Y-%m-%d') || ')']
            WHEN d.decided_on < fl.as_of
                THEN ['decided_on', strftime(d.decided_on, '%Y-%m-%d'),
                      'decided before the record was flagged (as of ' || strftime(fl.as_of, '%Y-%m-%d') || ')']
            WHEN $today::DATE IS NOT NULL AND d.decided_on > $today::DATE
                THEN ['decided_on', strftime(d.decided_on, '%Y-%m-%d'),
                      'decided in the future (after ' || strftime($today::DATE, '%Y-%m-%d') || ')']
        END AS why
    FROM d
    LEFT JOIN tg ON tg.target_id = d.target_id
    LEFT JOIN fl ON fl.disposition_id = d.disposition_id
)
SELECT _batch, _row, why[1] AS "column", why[2] AS "value", why[3] AS reason
FROM judged
WHERE why IS NOT NULL
