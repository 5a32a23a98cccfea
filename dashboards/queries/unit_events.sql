-- The timeline of the scored units of run $1: cases filed, leads and
-- reports received, tours and unannounced visits, and accountability
-- actions, from $2 (inclusive) to the run's as-of date $3. Only codes and
-- counts are read: free-text columns never reach a page. The units are
-- those of the temp table report_batch (a batch of districts).
WITH scope AS (SELECT unit_id FROM scores SEMI JOIN report_batch USING (unit_id) WHERE run_id = $1)
SELECT unit_id, filed_on AS on_, 'case' AS kind, case_id AS id, domain::VARCHAR AS a, violation::VARCHAR AS b, sanctioned::BIGINT AS n
FROM cases SEMI JOIN scope USING (unit_id) WHERE filed_on BETWEEN $2::DATE AND $3::DATE
UNION ALL
SELECT unit_id, received_on, CASE WHEN coalesce(key_lead, false) THEN 'key_lead' ELSE 'lead' END, lead_id,
       status::VARCHAR, outcome::VARCHAR, NULL
FROM leads SEMI JOIN scope USING (unit_id) WHERE received_on BETWEEN $2::DATE AND $3::DATE
UNION ALL
SELECT unit_id, received_on, 'report', report_id, category::VARCHAR, channel::VARCHAR, NULL
FROM reports SEMI JOIN scope USING (unit_id) WHERE received_on BETWEEN $2::DATE AND $3::DATE
UNION ALL
SELECT unit_id, start_on, kind::VARCHAR, inspection_id, NULL, NULL, problems_found::BIGINT
FROM inspections SEMI JOIN scope USING (unit_id) WHERE start_on BETWEEN $2::DATE AND $3::DATE
UNION ALL
SELECT unit_id, taken_on, kind::VARCHAR, action_id, NULL, NULL, persons::BIGINT
FROM actions SEMI JOIN scope USING (unit_id) WHERE taken_on BETWEEN $2::DATE AND $3::DATE
ORDER BY unit_id, on_, kind, id
