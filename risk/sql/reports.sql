-- Accusation-type reports (检控类) received per scored unit in the window.
SELECT r.unit_id, count(*) AS reports
FROM reports r
SEMI JOIN risk_scope s ON s.unit_id = r.unit_id
WHERE r.category = 'accusation'
  AND r.received_on <= $as_of::DATE
  AND r.received_on > $as_of::DATE - to_months($reports_months)
GROUP BY r.unit_id
