-- First-two-digit counts of the payments of the units scored in run $1, in
-- the payments window ending at $2 ($3 months), per programme and district:
-- the payments page's Benford tests. {{digits}} is benford.SQLDigits.
WITH p AS (
    SELECT p.program, coalesce(ud.district_id, '') AS district_id, p.amount_yuan::DOUBLE AS amount
    FROM payments p
    SEMI JOIN (SELECT unit_id FROM scores WHERE run_id = $1) s USING (unit_id)
    LEFT JOIN unit_district ud USING (unit_id)
    WHERE p.paid_on <= $2::DATE AND p.paid_on > $2::DATE - to_months($3)
)
SELECT program, district_id, digits, count(*)::BIGINT
FROM (SELECT program, district_id, {{digits}} AS digits FROM p)
WHERE digits IS NOT NULL
GROUP BY ALL
ORDER BY 1, 2, 3
