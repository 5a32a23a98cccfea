-- The funnel plot's points for run $1: each unit's observed cases in the
-- indicator's window and the cases expected under the city rate, from the
-- indicator 'cases_funnel_z'.  Units without an expectation are left out.
SELECT i.unit_id, coalesce(u.name, i.unit_id), i.observed, i.expected
FROM indicators i
LEFT JOIN units u ON u.unit_id = i.unit_id
WHERE i.run_id = $1
  AND i.indicator = 'cases_funnel_z'
  AND i.observed IS NOT NULL
  AND i.expected > 0
ORDER BY i.unit_id
