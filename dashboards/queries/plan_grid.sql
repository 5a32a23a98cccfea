-- Run $1's rounds (dates) and teams (name, home district): which district
-- each team tours in each round, with how many units.
SELECT r.round, r.name, r.starts_on, r.ends_on, pt.team, pt.name, coalesce(h.name, pt.home_id, ''),
       coalesce(d.name, ''), count(t.unit_id)
FROM plan_rounds r
JOIN plan_teams pt ON pt.run_id = r.run_id
LEFT JOIN units h ON h.unit_id = pt.home_id
LEFT JOIN targets t ON t.run_id = r.run_id AND t.kind = 'tour' AND t.round = r.round AND t.team = pt.team
LEFT JOIN unit_district ud ON ud.unit_id = t.unit_id
LEFT JOIN units d ON d.unit_id = ud.district_id
WHERE r.run_id = $1
GROUP BY ALL
ORDER BY pt.team, r.round
