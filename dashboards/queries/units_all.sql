-- Every unit of the units ledger with its parent, for the unit pages'
-- paths (city › district › township › village) and names.
SELECT unit_id, coalesce(name, unit_id), coalesce(level, ''), coalesce(parent_id, ''), coalesce(kind, ''),
       population, staff
FROM units
ORDER BY unit_id
