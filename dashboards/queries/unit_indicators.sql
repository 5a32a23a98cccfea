-- Every indicator of every unit in run $1: value, observed, expected,
-- standardised value, contribution, abstention and amount at stake.
SELECT unit_id, indicator, value, observed, expected, std, contribution, abstain, at_stake
FROM indicators
WHERE run_id = $1
