-- Every ingest batch loaded: file, ledger, rows read, loaded and rejected.
SELECT batch_id, ledger, file, coalesce(sheet, ''), coalesce(encoding, ''),
       rows_read, rows_loaded, rows_rejected, loaded_at
FROM batches
ORDER BY batch_id
