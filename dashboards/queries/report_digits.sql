-- The report's temp table of first-two-digit counts of the payments of the
-- units scored in run $1 in the payments window ending at $2 ($3 months),
-- per unit, programme and district: the digit expression ({{digits}},
-- benford.SQLDigitsOfCents of the column cents, {{cents}} the amount in
-- fen) is worked out once for the unit pages and the payments page.
CREATE OR REPLACE TEMP TABLE report_digits AS
SELECT unit_id, program, district_id, digits, count(*)::BIGINT AS n
FROM (
    SELECT p.unit_id, p.program, coalesce(ud.district_id, '') AS district_id,
           {{digits}} AS digits
    FROM (SELECT unit_id, program, {{cents}} AS cents, paid_on
          FROM (SELECT unit_id, program, amount_yuan AS amount, paid_on FROM payments)) p
    SEMI JOIN (SELECT unit_id FROM scores WHERE run_id = $1) s USING (unit_id)
    LEFT JOIN unit_district ud USING (unit_id)
    WHERE p.paid_on <= $2::DATE AND p.paid_on > $2::DATE - to_months($3)
)
WHERE digits IS NOT NULL
GROUP BY ALL
