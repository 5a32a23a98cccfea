-- Cases filed in the period and people punished, per domain (a missing
-- domain counts as 'other').  The report groups domains into the seed's
-- clusters.  $1 = first day, $2 = as-of date.
SELECT coalesce(domain, 'other') AS domain,
       count(*)::BIGINT AS cases,
       coalesce(sum(sanctioned), 0)::BIGINT AS punished
FROM cases
WHERE filed_on BETWEEN $1::DATE AND $2::DATE
GROUP BY 1
ORDER BY 1
