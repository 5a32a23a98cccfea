-- Headline: people held accountable for failing their duty (问责): persons
-- in actions of kind 'accountability' taken in the period.
-- $1 = first day, $2 = as-of date.
SELECT coalesce(sum(persons), 0)::BIGINT
FROM actions
WHERE kind = 'accountability'
  AND taken_on BETWEEN $1::DATE AND $2::DATE
