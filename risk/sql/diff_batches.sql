-- The ingest batches by id: ledger, file, rows loaded and when.
SELECT batch_id, ledger, file, coalesce(sheet, ''), rows_loaded, loaded_at FROM batches ORDER BY batch_id
