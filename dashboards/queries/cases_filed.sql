-- Headline: cases filed (立案) in the period.  $1 = first day, $2 = as-of date.
SELECT count(*)::BIGINT
FROM cases
WHERE filed_on BETWEEN $1::DATE AND $2::DATE
