-- Payments in the payments window into a bank account that receives
-- payments for payments.account_payees or more payees anywhere in the
-- city, except an account that receives only the collective programmes
-- (payments.collective_programs: a care home's account for its residents).
-- An account is named within its unit by a letter and a number (A1,
-- A2…), never by its (pseudonymised) number. The stratum is the programme.
-- A stored account number is a pseudonym or NULL (ingest folds spaces and
-- hyphens out before pseudonymising), so it needs no trimming.
-- name: records
WITH p AS NOT MATERIALIZED (
    SELECT p.unit_id, p.payment_id, p.program, p.payee_id, p.amount_yuan::DOUBLE AS amount, p.paid_on,
           nullif(p.account_no, '') AS account_no, p._batch, p._row
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
),
-- the accounts paid to more than one payee, found with min and max, which
-- keep no set of payees per account as count(DISTINCT) does: a small
-- share of the window's accounts, counted exactly in shared
multi AS (
    SELECT account_no
    FROM p
    WHERE account_no IS NOT NULL
    GROUP BY account_no
    HAVING min(payee_id) <> max(payee_id)
),
pm AS (
    SELECT * FROM p WHERE account_no IN (SELECT account_no FROM multi)
),
shared AS (
    SELECT account_no, count(DISTINCT payee_id) AS payees
    FROM pm
    GROUP BY account_no
    HAVING count(DISTINCT payee_id) >= $account_payees
       AND NOT bool_and(list_contains($collective, program))
),
named AS (
    SELECT pm.*, shared.payees AS account_payees,
           'A' || dense_rank() OVER (PARTITION BY pm.unit_id ORDER BY pm.account_no) AS account
    FROM pm
    JOIN shared USING (account_no)
)
SELECT unit_id, payment_id AS record_id, paid_on AS record_on, amount,
       json_object('program', program, 'account', account, 'account_payees', account_payees) AS figures,
       printf('%s发放%s %.2f元，汇入由%d名领取人共用的账户%s', strftime(paid_on, '%Y-%m-%d'), program, amount,
              account_payees, account) AS reason_zh,
       printf('%s: %s %.2f yuan into account %s, shared by %d payees', strftime(paid_on, '%Y-%m-%d'), program, amount,
              account, account_payees) AS reason_en,
       _batch AS batch_id, _row AS source_row, payee_id, account_no, program AS stratum
FROM named
;
-- name: units
SELECT unit_id, count(DISTINCT payee_id) AS payees, count(DISTINCT account_no) AS accounts
FROM rule_flags
GROUP BY unit_id
