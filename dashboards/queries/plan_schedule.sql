-- Run $1's rolling schedule of full coverage: units by the year they are
-- due in (0: overdue) and the year they are scheduled for (NULL: nowhere
-- within the cycle).
SELECT due_year, planned_year, count(*)
FROM tour_schedule WHERE run_id = $1
GROUP BY ALL ORDER BY 1, 2
