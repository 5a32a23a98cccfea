-- Observed and expected cases of the run's units (stored with
-- cases_funnel_z), for the funnel rule of the work reminders.
SELECT unit_id, observed, expected
FROM indicators
WHERE run_id = $run_id AND indicator = 'cases_funnel_z' AND value IS NOT NULL
