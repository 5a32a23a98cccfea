-- The districts (code and name), for the teams' home districts.
SELECT unit_id, name FROM units WHERE level = 'district' ORDER BY unit_id
