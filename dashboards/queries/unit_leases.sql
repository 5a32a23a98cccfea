-- The leases of the units scored in run $1 in the assets window ending at
-- $2 ($3 months) with their price per mu per year ($4: the amount is the
-- whole contract, divided by the term) and the median price of their
-- district's leases in the same window (of the units in the temp table
-- report_batch; the median over all of the district's leases).
WITH l AS (
    SELECT a.unit_id, ud.district_id, a.txn_id, a.txn_on, a.area_mu::DOUBLE AS area,
           CASE WHEN $4 AND a.term_years > 0 THEN a.amount_yuan::DOUBLE / a.area_mu / a.term_years
                ELSE a.amount_yuan::DOUBLE / a.area_mu END AS price
    FROM assets a
    JOIN unit_district ud USING (unit_id)
    WHERE a.kind = 'lease' AND a.area_mu > 0 AND a.amount_yuan > 0
      AND a.txn_on <= $2::DATE AND a.txn_on > $2::DATE - to_months($3)
)
SELECT unit_id, txn_id, txn_on, area, price, median(price) OVER (PARTITION BY district_id)
FROM l
WHERE unit_id IN (SELECT unit_id FROM scores SEMI JOIN report_batch USING (unit_id) WHERE run_id = $1)
ORDER BY unit_id, txn_on, txn_id
