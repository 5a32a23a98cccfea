-- Rows loaded and rejected per ledger over all batches.
SELECT ledger,
       sum(rows_loaded)::BIGINT,
       sum(rows_rejected)::BIGINT
FROM batches
GROUP BY 1
ORDER BY 1
