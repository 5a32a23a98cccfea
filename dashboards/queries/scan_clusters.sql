-- The significant clusters of run $1's spatial scan of the cases
-- (scan_clusters), strongest first: number, centre unit, its coordinates,
-- radius in km, units, cases against expected, relative risk, p-value.
SELECT cluster, centre_id, longitude, latitude, radius_km, len(unit_ids), cases, expected, rr, p
FROM scan_clusters
WHERE run_id = $1 AND significant
ORDER BY cluster
