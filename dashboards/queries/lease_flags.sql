-- The leases run $1 flagged as far below their district's price
-- (assets_lease_below), with their district and price per mu.
SELECT coalesce(ud.district_id, ''), f.unit_id, f.record_id, (f.figures::JSON ->> 'price_per_mu')::DOUBLE
FROM flags f
LEFT JOIN unit_district ud USING (unit_id)
WHERE f.run_id = $1 AND f.rule = 'assets_lease_below'
ORDER BY 1, 4
