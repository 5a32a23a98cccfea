-- Headline: people punished (给予处分) in cases filed in the period.
-- $1 = first day, $2 = as-of date.
SELECT coalesce(sum(sanctioned), 0)::BIGINT
FROM cases
WHERE filed_on BETWEEN $1::DATE AND $2::DATE
