-- The flags of run $1 shown on the unit pages: per unit and rule the $2
-- with the largest amount at stake (then the latest); the full list is
-- `microrisk export --what flags`. $3 = 'en' picks the English reasons.
-- The units are those of the temp table report_batch.
SELECT unit_id, rule, ledger, record_id, record_on, amount,
       CASE WHEN $3 = 'en' THEN reason_en ELSE reason_zh END, figures
FROM flags
SEMI JOIN report_batch USING (unit_id)
WHERE run_id = $1
QUALIFY row_number() OVER (PARTITION BY unit_id, rule ORDER BY amount DESC NULLS LAST, record_on DESC NULLS LAST, record_id) <= $2
ORDER BY unit_id, rule, amount DESC NULLS LAST, record_on DESC NULLS LAST, record_id
