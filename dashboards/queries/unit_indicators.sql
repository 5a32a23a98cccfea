-- Every indicator of every unit in run $1 (of the units in the temp table
-- report_batch: the report reads a batch of districts at a time): value,
-- observed, expected, standardised value, contribution, abstention and
-- amount at stake; in the order of $2, the catalogue's indicator ids.
SELECT unit_id, indicator, value, observed, expected, std, contribution, abstain, at_stake
FROM indicators
SEMI JOIN report_batch USING (unit_id)
WHERE run_id = $1
ORDER BY unit_id, list_position($2::VARCHAR[], indicator)
