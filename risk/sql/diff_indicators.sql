-- Each unit's indicators in two runs side by side, where they differ:
-- value, observed figure, contribution and abstention.
SELECT coalesce(a.unit_id, b.unit_id), coalesce(a.indicator, b.indicator),
       a.value, b.value, a.observed, b.observed, a.contribution, b.contribution, a.abstain, b.abstain
FROM (SELECT * FROM indicators WHERE run_id = $a) a
FULL OUTER JOIN (SELECT * FROM indicators WHERE run_id = $b) b USING (unit_id, indicator)
WHERE a.contribution IS DISTINCT FROM b.contribution
   OR a.value IS DISTINCT FROM b.value
   OR a.observed IS DISTINCT FROM b.observed
   OR a.abstain IS DISTINCT FROM b.abstain
ORDER BY 1, 2
