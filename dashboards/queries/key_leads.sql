-- Headline: key leads (重点线索) received in the period.
-- $1 = first day, $2 = as-of date.
SELECT count(*)::BIGINT
FROM leads
WHERE key_lead
  AND received_on BETWEEN $1::DATE AND $2::DATE
