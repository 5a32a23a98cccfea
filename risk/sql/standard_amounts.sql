-- The programmes' standard amounts in the payments window, worked out once
-- per run as the temp table risk_standard_amounts: an amount that makes up
-- at least payments.standard_share of its programme's payments city-wide
-- and is paid by at least payments.standard_units units is a policy
-- standard (the elderly allowance's 100 and 200 yuan, disaster relief at
-- 4,800 yuan per household): round, or just under a limit, by law, not
-- invented. payments_round, payments_split and payments_benford_mad leave
-- these amounts out.
CREATE OR REPLACE TEMP TABLE risk_standard_amounts AS
SELECT program, amount_yuan
FROM (SELECT p.program, p.amount_yuan, count(*) AS n, count(DISTINCT p.unit_id) AS units,
             sum(count(*)) OVER (PARTITION BY p.program) AS total
      FROM payments p
      SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
      WHERE p.paid_on <= $as_of::DATE
        AND p.paid_on > $as_of::DATE - to_months($months)
      GROUP BY p.program, p.amount_yuan)
WHERE n >= $standard_share * total AND units >= $standard_units
