-- What followed the as-of date for each scored unit, in (as_of, horizon_end]:
-- cases filed, leads received that led to a case (outcome case_filed), and
-- tours or unannounced visits that found problems. A unit with any of them
-- is a positive of the backtest.
SELECT s.unit_id,
       (SELECT count(*) FROM cases c WHERE c.unit_id = s.unit_id
          AND c.filed_on > $as_of::DATE AND c.filed_on <= $horizon_end::DATE) AS cases,
       (SELECT count(*) FROM leads l WHERE l.unit_id = s.unit_id AND l.outcome = 'case_filed'
          AND l.received_on > $as_of::DATE AND l.received_on <= $horizon_end::DATE) AS confirmed_leads,
       (SELECT count(*) FROM inspections i WHERE i.unit_id = s.unit_id AND i.problems_found > 0
          AND i.start_on > $as_of::DATE AND i.start_on <= $horizon_end::DATE) AS findings
FROM risk_scope s
ORDER BY s.unit_id
