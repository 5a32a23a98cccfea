-- The programmes' standard amounts in the payments window, worked out once
-- per run as the temp table risk_standard_amounts: an amount that makes up
-- at least payments.standard_share of its programme's payments city-wide
-- and is paid by at least payments.standard_units units is a policy
-- standard (the elderly allowance's 100 and 200 yuan, disaster relief at
-- 4,800 yuan per household): round, or just under a limit, by law, not
-- invented. payments_round, payments_split and payments_benford_mad leave
-- these amounts out.
-- The amounts common enough are found first (a count per amount, no set
-- of units), and their units counted only for those.
CREATE OR REPLACE TEMP TABLE risk_standard_amounts AS
WITH w AS NOT MATERIALIZED (
    SELECT p.program, p.amount_yuan, p.unit_id
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
),
common AS (
    SELECT program, amount_yuan
    FROM (SELECT program, amount_yuan, count(*) AS n, sum(count(*)) OVER (PARTITION BY program) AS total
          FROM w
          GROUP BY program, amount_yuan)
    WHERE n >= $standard_share * total
)
SELECT program, amount_yuan
FROM w
SEMI JOIN common USING (program, amount_yuan)
GROUP BY program, amount_yuan
HAVING count(DISTINCT unit_id) >= $standard_units
