-- Payment patterns per scored unit over the payments window: the number of
-- payments and of those that match a register, go to a relative of the
-- unit's own cadres, repeat (same payee, programme and month), fall just
-- under the approval limit, are round, or go into a bank account that
-- receives payments for several payees (anywhere in the city).
WITH p AS NOT MATERIALIZED (
    SELECT p.unit_id, p.payment_id, p.program, p.payee_id,
           p.amount_yuan::DOUBLE AS amount, p.paid_on, nullif(trim(p.account_no), '') AS account_no
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($payments_months)
),
base AS (
    SELECT unit_id,
           count(*) AS n,
           count(*) FILTER (WHERE amount >= $split_low AND amount < $split_high) AS split,
           count(*) FILTER (WHERE amount > 0 AND amount % $round_multiple = 0) AS round
    FROM p
    GROUP BY unit_id
),
reg AS (
    SELECT p.unit_id,
           count(DISTINCT p.payment_id) AS matched,
           count(DISTINCT p.payment_id) FILTER (WHERE r.register = 'deceased') AS deceased,
           count(DISTINCT p.payment_id) FILTER (WHERE r.register = 'public_employee') AS public_employee
    FROM p
    JOIN registers r ON r.person_id = p.payee_id
    WHERE (r.register = 'deceased' AND r.since IS NOT NULL AND p.paid_on > r.since)
       OR (r.register = 'public_employee'
           AND (r.since IS NULL OR p.paid_on >= r.since)
           AND (r.until IS NULL OR p.paid_on <= r.until))
    GROUP BY p.unit_id
),
rel AS (
    SELECT p.unit_id,
           count(DISTINCT p.payment_id) AS relatives,
           count(DISTINCT p.payee_id) AS relative_payees
    FROM p
    JOIN relations r ON r.related_id = p.payee_id AND r.unit_id = p.unit_id
    GROUP BY p.unit_id
),
dup AS (
    SELECT unit_id, sum(n - 1) AS duplicates
    FROM (
        SELECT unit_id, payee_id, program, date_trunc('month', paid_on) AS month, count(*) AS n
        FROM p
        GROUP BY ALL
        HAVING count(*) > 1
    )
    GROUP BY unit_id
),
shared AS (
    SELECT account_no
    FROM p
    WHERE account_no IS NOT NULL
    GROUP BY account_no
    HAVING count(DISTINCT payee_id) >= $account_payees
),
acc AS (
    SELECT unit_id, count(*) AS shared, count(DISTINCT payee_id) AS shared_payees,
           count(DISTINCT account_no) AS shared_accounts
    FROM p
    SEMI JOIN shared USING (account_no)
    GROUP BY unit_id
)
SELECT base.unit_id, base.n, base.split, base.round,
       coalesce(reg.matched, 0), coalesce(reg.deceased, 0), coalesce(reg.public_employee, 0),
       coalesce(rel.relatives, 0), coalesce(rel.relative_payees, 0),
       coalesce(dup.duplicates, 0),
       coalesce(acc.shared, 0), coalesce(acc.shared_payees, 0), coalesce(acc.shared_accounts, 0)
FROM base
LEFT JOIN reg USING (unit_id)
LEFT JOIN rel USING (unit_id)
LEFT JOIN dup USING (unit_id)
LEFT JOIN acc USING (unit_id)
