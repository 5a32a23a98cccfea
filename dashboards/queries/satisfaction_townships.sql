-- Fallback for the satisfaction index when the city has no survey for the
-- period $1 ('YYYY'): the mean of the townships' indices weighted by their
-- respondents; the plain mean when no township gives a respondent count.
SELECT coalesce(sum(s."index" * s.respondents) / nullif(sum(s.respondents), 0),
                avg(s."index")) AS idx,
       count(*)::BIGINT AS n
FROM surveys s
JOIN units u ON u.unit_id = s.unit_id
WHERE u.level = 'township'
  AND s.period = $1
