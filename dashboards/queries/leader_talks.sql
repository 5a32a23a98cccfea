-- Headline: unit leaders talked to (约谈): persons in actions of kind 'talk'
-- taken in the period.  $1 = first day, $2 = as-of date.
SELECT coalesce(sum(persons), 0)::BIGINT
FROM actions
WHERE kind = 'talk'
  AND taken_on BETWEEN $1::DATE AND $2::DATE
