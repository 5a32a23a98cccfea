-- Rejected rows per ledger, column and reason, the most frequent first, with
-- one sample: the first rejected row's file, row number and value as stored
-- (ingest stores person identifiers masked).  At most $1 groups.
SELECT ledger,
       coalesce("column", '') AS col,
       reason,
       count(*)::BIGINT AS n,
       arg_min(file, "row") AS sample_file,
       min("row")::BIGINT AS sample_row,
       coalesce(arg_min("value", "row"), '') AS sample_value
FROM rejects
GROUP BY ledger, col, reason
ORDER BY n DESC, ledger, col, reason
LIMIT $1
