-- What the data of run $1 could not support: per family, the scored units
-- for which every indicator of the family abstained; per indicator, how
-- many units it abstained for and its most common reason.
SELECT 'family' AS what, family AS id, count(*) FILTER (WHERE composite IS NULL)::BIGINT AS n,
       count(*)::BIGINT AS total, NULL AS reason
FROM family_scores
WHERE run_id = $1
GROUP BY family
UNION ALL
SELECT 'indicator', indicator, count(abstain)::BIGINT, count(*)::BIGINT, mode(abstain)
FROM indicators
WHERE run_id = $1
GROUP BY indicator
ORDER BY what, id
