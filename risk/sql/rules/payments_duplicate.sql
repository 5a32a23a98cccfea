-- Duplicate payments in the payments window: the same payee paid more than
-- once under the same programme in one calendar month. Every payment after
-- the first of its month (by date, then id) is a record. The repeats are
-- first sought on one 64-bit hash of unit, payee, programme and month
-- (cand: one key, cheap to group), then counted exactly among those
-- candidates only, so a collision of hashes adds a candidate, never a
-- record.
-- name: records
WITH p AS NOT MATERIALIZED (
    SELECT p.unit_id, p.payment_id, p.program, p.payee_id, p.amount_yuan::DOUBLE AS amount, p.paid_on,
           date_trunc('month', p.paid_on) AS month, p._batch, p._row
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
),
cand AS (
    SELECT hash(unit_id, payee_id, program, month) AS h
    FROM p
    GROUP BY h
    HAVING count(*) > 1
),
pc AS (
    SELECT p.*
    FROM p
    WHERE hash(unit_id, payee_id, program, month) IN (SELECT h FROM cand)
),
repeated AS (
    SELECT unit_id, payee_id, program, month, count(*) AS times
    FROM pc
    GROUP BY ALL
    HAVING count(*) > 1
),
ranked AS (
    SELECT p.*, r.times,
           row_number() OVER (PARTITION BY p.unit_id, p.payee_id, p.program, p.month
                              ORDER BY p.paid_on, p.payment_id) AS nth
    FROM pc p
    JOIN repeated r USING (unit_id, payee_id, program, month)
)
SELECT unit_id, payment_id AS record_id, paid_on AS record_on, amount,
       json_object('program', program, 'month', strftime(month, '%Y-%m'), 'nth', nth, 'times', times) AS figures,
       printf('同一领取人%s项目%s月第%d次发放（当月共%d次），%.2f元', program, strftime(month, '%Y-%m'), nth, times, amount) AS reason_zh,
       printf('payment %d of %d to the same payee under %s in %s, %.2f yuan', nth, times, program, strftime(month, '%Y-%m'), amount) AS reason_en,
       _batch AS batch_id, _row AS source_row, program AS stratum
FROM ranked
WHERE nth > 1
