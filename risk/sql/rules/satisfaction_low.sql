-- The unit's satisfaction survey for the last full year before the as-of
-- date (period "YYYY", or its months "YYYY-MM" averaged), with the city's
-- index and the unit's previous year. Measured in Go: the robust z of the
-- unit's index against the other surveyed units of its level.
-- name: records
WITH y AS (SELECT year($as_of::DATE) - 1 AS y),
idx AS (
    SELECT s.unit_id, left(s.period, 4)::INTEGER AS yr, avg(s."index") AS idx, any_value(s._batch) AS batch_id,
           min(s._row) AS source_row
    FROM surveys s
    GROUP BY ALL
)
SELECT cur.unit_id, cur.unit_id || ':' || cur.yr AS record_id, make_date(cur.yr, 12, 31) AS record_on,
       cur.idx, prev.idx AS prev_idx, city.idx AS city_idx, cur.batch_id, cur.source_row, sc.level
FROM idx cur
JOIN risk_scope sc ON sc.unit_id = cur.unit_id
CROSS JOIN y
LEFT JOIN idx prev ON prev.unit_id = cur.unit_id AND prev.yr = cur.yr - 1
LEFT JOIN (SELECT i.yr, i.idx FROM idx i JOIN units u ON u.unit_id = i.unit_id WHERE u.level = 'city') city ON city.yr = cur.yr
WHERE cur.yr = y.y
ORDER BY cur.unit_id
