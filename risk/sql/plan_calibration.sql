-- The completed tours (routine or special, with their problems found)
-- started in the coverage cycle before the as-of date, with the level and
-- the run's score of the unit toured: what the expected findings of a tour
-- are calibrated on.
SELECT u.level, s.score, i.problems_found::DOUBLE
FROM inspections i
JOIN scores s ON s.unit_id = i.unit_id AND s.run_id = $run_id
JOIN units u ON u.unit_id = i.unit_id
WHERE i.kind IN ('routine_tour', 'special_tour')
  AND i.problems_found IS NOT NULL
  AND i.start_on <= $as_of::DATE AND i.start_on > $from::DATE
