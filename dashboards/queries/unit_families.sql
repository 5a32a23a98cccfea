-- Each unit's score per family of indicators in run $1: the sum of the
-- family's contributions and its percent rank (NULL where every indicator
-- of the family abstained).
SELECT unit_id, family, composite, score
FROM family_scores
WHERE run_id = $1
