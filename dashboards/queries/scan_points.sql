-- The cluster map's points for run $1: every scored unit with its
-- coordinates (NULL where the units ledger has none), the significant
-- cluster of the run's spatial scan it lies in (scan_clusters; NULL for
-- none) and whether cases_cluster credited it (a value above 0: its own
-- cases exceed its expected share).
WITH m AS (
    SELECT cluster, unnest(unit_ids) AS unit_id
    FROM scan_clusters
    WHERE run_id = $1 AND significant
)
SELECT s.unit_id, coalesce(u.name, s.unit_id), u.longitude, u.latitude, m.cluster,
       coalesce(i.value > 0, false) AS credited
FROM scores s
LEFT JOIN units u ON u.unit_id = s.unit_id
LEFT JOIN m ON m.unit_id = s.unit_id
LEFT JOIN indicators i ON i.run_id = s.run_id AND i.unit_id = s.unit_id AND i.indicator = 'cases_cluster'
WHERE s.run_id = $1
ORDER BY s.unit_id
