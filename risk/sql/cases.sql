-- Cases filed per scored unit: in the cases window, and in the recent and
-- previous trend windows. Windows end at the as-of date inclusive.
SELECT c.unit_id,
       count(*) FILTER (WHERE c.filed_on > $as_of::DATE - to_months($cases_months)) AS cases,
       count(*) FILTER (WHERE c.filed_on > $as_of::DATE - to_months($trend_months)) AS recent,
       count(*) FILTER (WHERE c.filed_on <= $as_of::DATE - to_months($trend_months)
                          AND c.filed_on > $as_of::DATE - to_months(2 * $trend_months)) AS previous
FROM cases c
SEMI JOIN risk_scope s ON s.unit_id = c.unit_id
WHERE c.filed_on <= $as_of::DATE
  AND c.filed_on > $as_of::DATE - to_months(greatest($cases_months, 2 * $trend_months))
GROUP BY c.unit_id
