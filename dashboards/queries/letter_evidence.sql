-- The annexes of the reminder letters of run $1: each target's flags of
-- the indicators that raise its score, the $2 with the largest amounts at
-- stake (then the latest), with the number of such flags in all. $3 = 'en'
-- picks the English reasons.
WITH f AS (
    SELECT f.*, count(*) OVER (PARTITION BY f.unit_id) AS total,
           row_number() OVER (PARTITION BY f.unit_id ORDER BY f.amount DESC NULLS LAST, f.record_on DESC NULLS LAST, f.rule, f.record_id) AS nth
    FROM flags f
    SEMI JOIN (SELECT unit_id FROM targets WHERE run_id = $1 AND kind = 'reminder') t USING (unit_id)
    SEMI JOIN (SELECT unit_id, indicator AS rule FROM indicators WHERE run_id = $1 AND contribution > 0) i USING (unit_id, rule)
    WHERE f.run_id = $1
)
SELECT unit_id, rule, ledger, record_id, record_on, amount, CASE WHEN $3 = 'en' THEN reason_en ELSE reason_zh END, total
FROM f
WHERE nth <= $2
ORDER BY unit_id, nth
