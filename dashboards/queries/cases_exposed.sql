-- Headline: cases filed in the period and exposed by name (通报曝光).
-- $1 = first day, $2 = as-of date.
SELECT count(*)::BIGINT
FROM cases
WHERE filed_on BETWEEN $1::DATE AND $2::DATE
  AND exposed
