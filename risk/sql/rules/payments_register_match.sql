-- Payments in the payments window to payees found in a register: the
-- deceased (paid after the date of death) or public employees (paid within
-- the register's dates). A payment matching both counts once.
-- name: records
WITH p AS NOT MATERIALIZED (
    SELECT p.unit_id, p.payment_id, p.program, p.payee_id, p.amount_yuan::DOUBLE AS amount, p.paid_on,
           p._batch, p._row
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
),
m AS (
    SELECT p.payment_id,
           bool_or(r.register = 'deceased') AS deceased,
           bool_or(r.register = 'public_employee') AS public_employee,
           min(r.since) FILTER (WHERE r.register = 'deceased') AS died_on
    FROM p
    JOIN registers r ON r.person_id = p.payee_id
    WHERE (r.register = 'deceased' AND r.since IS NOT NULL AND p.paid_on > r.since)
       OR (r.register = 'public_employee'
           AND (r.since IS NULL OR p.paid_on >= r.since)
           AND (r.until IS NULL OR p.paid_on <= r.until))
    GROUP BY p.payment_id
)
SELECT p.unit_id, p.payment_id AS record_id, p.paid_on AS record_on, p.amount,
       json_object('program', p.program, 'deceased', m.deceased, 'public_employee', m.public_employee,
                   'died_on', m.died_on) AS figures,
       CASE WHEN m.deceased
            THEN printf('%s向已于%s死亡的人员发放%s %.2f元', strftime(p.paid_on, '%Y-%m-%d'),
                        strftime(m.died_on, '%Y-%m-%d'), p.program, p.amount)
            ELSE printf('%s向财政供养人员发放%s %.2f元', strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount)
       END AS reason_zh,
       CASE WHEN m.deceased
            THEN printf('%s: %s %.2f yuan to a person who died on %s', strftime(p.paid_on, '%Y-%m-%d'),
                        p.program, p.amount, strftime(m.died_on, '%Y-%m-%d'))
            ELSE printf('%s: %s %.2f yuan to a public employee', strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount)
       END AS reason_en,
       p._batch AS batch_id, p._row AS source_row,
       m.deceased::INTEGER AS deceased, m.public_employee::INTEGER AS public_employee, p.program AS stratum
FROM p
JOIN m USING (payment_id)
;
-- name: units
SELECT unit_id, sum(deceased) AS deceased, sum(public_employee) AS public_employee
FROM rule_flags
GROUP BY unit_id
