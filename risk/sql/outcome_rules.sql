-- The rules that pointed at each resolved disposition's unit in its
-- reference run: its indicators with a positive contribution.
SELECT o.disposition_id, i.indicator
FROM outcome_resolved o
JOIN indicators i ON i.run_id = o.ref_run AND i.unit_id = o.unit_id
WHERE o.ref_run IS NOT NULL AND i.contribution > 0
ORDER BY o.disposition_id, i.indicator
