-- Headline: the public satisfaction index (群众满意度) of the city unit for
-- the period $1 ('YYYY', the as-of year - 1).  NULL when the city has no
-- survey for it.
SELECT avg(s."index") AS idx, count(*)::BIGINT AS n
FROM surveys s
JOIN units u ON u.unit_id = s.unit_id
WHERE u.level = 'city'
  AND s.period = $1
