-- Every unit scored in either of two runs: its rank, band, score and
-- composite in each (NULL where it was not scored), with its name and
-- parents for printing.
SELECT coalesce(a.unit_id, b.unit_id) AS unit_id, coalesce(u.name, ''), coalesce(u.level, ''),
       coalesce(d.district_id, ''), coalesce(du.name, ''), coalesce(d.township_id, ''), coalesce(tu.name, ''),
       a.rank, b.rank, a.band, b.band, a.score, b.score, a.composite, b.composite
FROM (SELECT * FROM scores WHERE run_id = $a) a
FULL OUTER JOIN (SELECT * FROM scores WHERE run_id = $b) b USING (unit_id)
LEFT JOIN units u ON u.unit_id = coalesce(a.unit_id, b.unit_id)
LEFT JOIN unit_district d ON d.unit_id = coalesce(a.unit_id, b.unit_id)
LEFT JOIN units du ON du.unit_id = d.district_id
LEFT JOIN units tu ON tu.unit_id = d.township_id
ORDER BY 1
