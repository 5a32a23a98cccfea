-- Districts ranked by the mean score of their scored units in run $1, then
-- by cases per 100 staff.  For each district (level 'district'): cases filed
-- between $2 and $3 against any unit in its subtree (its own offices
-- included), the staff of the same units, cases per 100 staff, the mean
-- score and the number of units in the high band.  A unit's district comes
-- from the view unit_district (its ancestor of level 'district', or itself).
WITH staff AS (
  SELECT ud.district_id, sum(u.staff) AS staff
  FROM unit_district ud
  JOIN units u ON u.unit_id = ud.unit_id
  GROUP BY 1
),
filed AS (
  SELECT ud.district_id, count(*) AS cases
  FROM cases c
  JOIN unit_district ud ON ud.unit_id = c.unit_id
  WHERE c.filed_on BETWEEN $2::DATE AND $3::DATE
  GROUP BY 1
),
scored AS (
  SELECT ud.district_id,
         avg(s.score) AS mean_score,
         count(*) FILTER (WHERE s.band = 'high') AS high,
         count(*) AS units
  FROM scores s
  JOIN unit_district ud ON ud.unit_id = s.unit_id
  WHERE s.run_id = $1
  GROUP BY 1
)
SELECT d.unit_id,
       d.name,
       coalesce(f.cases, 0)::BIGINT AS cases,
       coalesce(st.staff, 0)::BIGINT AS staff,
       CASE WHEN st.staff > 0 THEN 100.0 * coalesce(f.cases, 0) / st.staff END AS per100,
       sc.mean_score,
       coalesce(sc.high, 0)::BIGINT AS high,
       coalesce(sc.units, 0)::BIGINT AS scored
FROM units d
LEFT JOIN filed f   ON f.district_id = d.unit_id
LEFT JOIN staff st  ON st.district_id = d.unit_id
LEFT JOIN scored sc ON sc.district_id = d.unit_id
WHERE d.level = 'district'
ORDER BY sc.mean_score DESC NULLS LAST, per100 DESC NULLS LAST, d.unit_id
