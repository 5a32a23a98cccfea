-- Headline: accusation-type reports (检控类) against units at or below
-- township level (townships, villages, stations) received in year $1,
-- against year $1 - 1, and the change in per cent (NULL when the earlier
-- year has none).  $1 = the year (as-of year - 1).
WITH counts AS (
  SELECT count(*) FILTER (WHERE year(r.received_on) = $1::INTEGER)     AS cur,
         count(*) FILTER (WHERE year(r.received_on) = $1::INTEGER - 1) AS prev
  FROM reports r
  JOIN units u ON u.unit_id = r.unit_id
  WHERE r.category = 'accusation'
    AND u.level IN ('township', 'village', 'station')
    AND r.received_on >= make_date($1::INTEGER - 1, 1, 1)
    AND r.received_on <  make_date($1::INTEGER + 1, 1, 1)
)
SELECT cur::BIGINT, prev::BIGINT,
       CASE WHEN prev > 0 THEN 100.0 * (cur - prev) / prev END AS pct
FROM counts
