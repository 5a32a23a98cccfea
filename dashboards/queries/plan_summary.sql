-- How run $1's tour plan was solved: method, calibration of the expected
-- findings, objective, bound and gap, forced units placed, slots, the
-- lottery's share, solve time, first tour on record, whether full coverage
-- holds.
SELECT method, calibration_zh, calibration, objective, bound, gap, must, must_placed, due, due_placed, slots, planned,
       random_slots, solve_seconds, records_from, coverage_ok
FROM plans WHERE run_id = $1
