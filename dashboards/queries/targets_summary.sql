-- Proposed targets of run $1 per kind ('tour', 'reminder'): how many units,
-- rounds and teams, and how many the coverage cycle forced in.
SELECT kind,
       count(*)::BIGINT,
       count(DISTINCT round)::BIGINT,
       count(DISTINCT team)::BIGINT,
       count(*) FILTER (WHERE forced)::BIGINT
FROM targets
WHERE run_id = $1
GROUP BY 1
ORDER BY 1
