-- Lease prices per mu per year in the assets window ending at $2 ($3
-- months; $4: amounts are whole contracts, divided by the term) of the
-- units scored in run $1, per district: the five numbers of a box plot.
WITH l AS (
    SELECT ud.district_id, coalesce(d.name, ud.district_id) AS name,
           CASE WHEN $4 AND a.term_years > 0 THEN a.amount_yuan::DOUBLE / a.area_mu / a.term_years
                ELSE a.amount_yuan::DOUBLE / a.area_mu END AS price
    FROM assets a
    SEMI JOIN (SELECT unit_id FROM scores WHERE run_id = $1) s USING (unit_id)
    JOIN unit_district ud USING (unit_id)
    JOIN units d ON d.unit_id = ud.district_id
    WHERE a.kind = 'lease' AND a.area_mu > 0 AND a.amount_yuan > 0
      AND a.txn_on <= $2::DATE AND a.txn_on > $2::DATE - to_months($3)
)
SELECT district_id, name, count(*)::BIGINT, min(price), quantile_cont(price, 0.25), median(price),
       quantile_cont(price, 0.75), max(price)
FROM l
GROUP BY ALL
ORDER BY 1
