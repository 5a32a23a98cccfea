-- The ingest batches a plan reads besides its run's: the tours on record
-- (last tours, calibration) and the dispositions (statuses).
SELECT DISTINCT b FROM (
    SELECT _batch AS b FROM inspections
    UNION ALL SELECT _batch FROM dispositions
)
ORDER BY b
