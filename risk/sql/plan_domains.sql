-- Domains (other than 'other') in which a scored unit of the run had at
-- least the configured number of cases within the window.
SELECT c.unit_id, c.domain, count(*) AS n
FROM cases c
SEMI JOIN scores s ON s.unit_id = c.unit_id AND s.run_id = $run_id
WHERE c.domain IS NOT NULL AND c.domain <> 'other'
  AND c.filed_on <= $as_of::DATE
  AND c.filed_on > $as_of::DATE - to_months($months)
GROUP BY c.unit_id, c.domain
HAVING count(*) >= $min_cases
ORDER BY c.unit_id, n DESC, c.domain
