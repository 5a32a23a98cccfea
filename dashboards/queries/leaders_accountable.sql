-- Headline: responsible leaders held accountable as well (一案双查) in cases
-- filed in the period.  $1 = first day, $2 = as-of date.
SELECT coalesce(sum(leaders_accountable), 0)::BIGINT
FROM cases
WHERE filed_on BETWEEN $1::DATE AND $2::DATE
