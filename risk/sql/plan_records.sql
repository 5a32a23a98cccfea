-- The first tour on record on or before the as-of date: how far back the
-- inspection records reach.
SELECT min(start_on)
FROM inspections
WHERE kind IN ('routine_tour', 'special_tour') AND start_on <= $as_of::DATE
