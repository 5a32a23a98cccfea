-- The scored units (townships/streets, villages/communities, stations;
-- model.ScoredLevels) with their district from model's unit_district view.
CREATE OR REPLACE TEMP TABLE risk_scope AS
SELECT u.unit_id, u.level, d.district_id,
       u.staff::DOUBLE AS staff, u.population::DOUBLE AS population
FROM units u
LEFT JOIN unit_district d USING (unit_id)
WHERE list_contains($levels, u.level)
ORDER BY u.unit_id
