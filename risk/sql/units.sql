-- The scored units in the order every other query is matched against.
SELECT unit_id, level, district_id, staff, population
FROM risk_scope
ORDER BY unit_id
