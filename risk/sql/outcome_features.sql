-- The standardised indicators (direction applied, clipped) of each
-- resolved disposition's unit in its reference run: the features of the
-- re-fitted weights. Flags are judged records, not units: none.
SELECT o.disposition_id, i.indicator, i.std
FROM outcome_resolved o
JOIN indicators i ON i.run_id = o.ref_run AND i.unit_id = o.unit_id
WHERE o.ref_run IS NOT NULL AND o.flag_id IS NULL AND i.std IS NOT NULL
ORDER BY o.disposition_id, i.indicator
