-- Payee concentration: a payee whose total from one programme in one
-- calendar year lies more than payments.concentration_z robust standard
-- deviations (log scale: median and MAD × 1.4826 of every payee-year of
-- the programme in the city) above the programme's payees. Its payments of
-- that programme and year in the payments window are the records; the
-- stratum is the programme.
-- name: records
WITH p AS NOT MATERIALIZED (
    SELECT p.unit_id, p.payment_id, p.program, p.payee_id, p.amount_yuan::DOUBLE AS amount, p.paid_on,
           year(p.paid_on) AS yr, p._batch, p._row
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
      AND p.amount_yuan > 0
),
py AS (
    SELECT unit_id, program, payee_id, yr, ln(sum(amount)) AS lt, sum(amount) AS total, count(*) AS n
    FROM p
    GROUP BY ALL
),
spread AS (
    SELECT program, median(lt) AS med, 1.4826 * mad(lt) AS s, exp(median(lt)) AS typical
    FROM py
    GROUP BY program
    HAVING count(*) >= 20
),
top AS (
    SELECT py.*, (py.lt - spread.med) / spread.s AS z, spread.typical
    FROM py JOIN spread USING (program)
    WHERE spread.s > 0 AND (py.lt - spread.med) / spread.s > $concentration_z
)
SELECT p.unit_id, p.payment_id AS record_id, p.paid_on AS record_on, p.amount,
       json_object('program', p.program, 'year', p.yr, 'payee_year_total', round(top.total, 2),
                   'programme_typical', round(top.typical, 2), 'robust_z', round(top.z, 2)) AS figures,
       printf('%s发放%s %.2f元；该领取人%d年从此项目共领取%.0f元，为全市同项目领取人典型水平%.0f元的%.0f倍', strftime(p.paid_on, '%Y-%m-%d'),
              p.program, p.amount, p.yr, top.total, top.typical, top.total / top.typical) AS reason_zh,
       printf('%s: %s %.2f yuan; this payee received %.0f yuan from it in %d, %.0f× the typical %.0f yuan of its payees city-wide',
              strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount, top.total, p.yr, top.total / top.typical, top.typical) AS reason_en,
       p._batch AS batch_id, p._row AS source_row, p.payee_id, p.program AS stratum
FROM p
JOIN top USING (unit_id, program, payee_id, yr)
;
-- name: units
SELECT unit_id, count(DISTINCT payee_id) AS payees, sum(amount) AS money
FROM rule_flags
GROUP BY unit_id
