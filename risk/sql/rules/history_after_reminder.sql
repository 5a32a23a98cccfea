-- Cases filed against the unit after a warning letter (工作提醒) it
-- received, both in the history window: a reminder that did not work.
-- name: records
WITH w AS (
    SELECT a.unit_id, min(a.taken_on) AS first_letter
    FROM actions a
    SEMI JOIN risk_scope s ON s.unit_id = a.unit_id
    WHERE a.kind = 'warning_letter'
      AND a.taken_on <= $as_of::DATE
      AND a.taken_on > $as_of::DATE - to_months($months)
    GROUP BY a.unit_id
)
SELECT c.unit_id, c.case_id AS record_id, c.filed_on AS record_on, c.amount_yuan::DOUBLE AS amount,
       json_object('letter_on', w.first_letter, 'domain', c.domain) AS figures,
       printf('%s立案，在%s的工作提醒之后', strftime(c.filed_on, '%Y-%m-%d'), strftime(w.first_letter, '%Y-%m-%d')) AS reason_zh,
       printf('case filed %s, after the warning letter of %s', strftime(c.filed_on, '%Y-%m-%d'), strftime(w.first_letter, '%Y-%m-%d')) AS reason_en,
       c._batch AS batch_id, c._row AS source_row
FROM cases c
JOIN w USING (unit_id)
WHERE c.filed_on > w.first_letter AND c.filed_on <= $as_of::DATE
