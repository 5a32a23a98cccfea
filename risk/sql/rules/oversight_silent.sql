-- silent_unit reads, per scored unit, how intensely it was watched: its
-- tours and unannounced visits in the oversight window, its
-- accusation-type reports in the reports window, its population and staff.
-- name: records
SELECT s.unit_id,
       (SELECT count(*) FROM inspections i WHERE i.unit_id = s.unit_id AND i.start_on <= $as_of::DATE
          AND i.start_on > $as_of::DATE - to_months($months)) AS inspections,
       (SELECT count(*) FROM reports r WHERE r.unit_id = s.unit_id AND r.category = 'accusation'
          AND r.received_on <= $as_of::DATE AND r.received_on > $as_of::DATE - to_months($reports_months)) AS reports,
       s.population, s.staff
FROM risk_scope s
ORDER BY s.unit_id
