-- Per rule of run $1 whose records come from ledger $2, each unit with
-- flags: how many, the amount at stake, and the indicator's value and
-- contribution for the unit.
SELECT f.rule, f.unit_id, count(*)::BIGINT, sum(f.amount), i.value, i.contribution
FROM flags f
LEFT JOIN indicators i ON i.run_id = f.run_id AND i.unit_id = f.unit_id AND i.indicator = f.rule
WHERE f.run_id = $1 AND f.ledger = $2
GROUP BY f.rule, f.unit_id, i.value, i.contribution
ORDER BY f.rule, count(*) DESC, f.unit_id
