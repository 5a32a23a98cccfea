-- The ingest batches whose rows a run reads.
SELECT DISTINCT b FROM (
    SELECT _batch AS b FROM units
    UNION ALL SELECT _batch FROM cases
    UNION ALL SELECT _batch FROM reports
    UNION ALL SELECT _batch FROM leads
    UNION ALL SELECT _batch FROM payments
    UNION ALL SELECT _batch FROM assets
    UNION ALL SELECT _batch FROM relations
    UNION ALL SELECT _batch FROM registers
)
ORDER BY b
