-- The same cadre accused again and again from independent sources: the
-- accusation-type reports of the reports window naming an accused person
-- (accused_id) who was named in at least three accusations against the
-- unit in the window, through at least two channels. The denominator is
-- the unit's accusation-type reports in the window (figure
-- "accusations").
-- name: records
WITH r AS (
    SELECT r.* FROM reports r
    SEMI JOIN risk_scope s ON s.unit_id = r.unit_id
    WHERE r.category = 'accusation'
      AND r.received_on <= $as_of::DATE
      AND r.received_on > $as_of::DATE - to_months($months)
),
cadres AS (
    SELECT unit_id, accused_id, count(*) AS reports, count(DISTINCT channel) AS channels
    FROM r
    WHERE accused_id IS NOT NULL
    GROUP BY ALL
    HAVING count(*) >= 3 AND count(DISTINCT channel) >= 2
)
SELECT r.unit_id, r.report_id AS record_id, r.received_on AS record_on, NULL::DOUBLE AS amount,
       json_object('channel', r.channel, 'domain', r.domain, 'reports_on_person', c.reports, 'channels', c.channels) AS figures,
       printf('%s经%s收到检控类举报，被反映人在%d个月内被%d个渠道举报%d次', strftime(r.received_on, '%Y-%m-%d'),
              coalesce(ch.zh, r.channel::VARCHAR), $months, c.channels, c.reports) AS reason_zh,
       printf('accusation received %s through %s; the person accused was named %d times through %d channels in %d months',
              strftime(r.received_on, '%Y-%m-%d'), lower(coalesce(ch.en, r.channel::VARCHAR)), c.reports, c.channels, $months) AS reason_en,
       r._batch AS batch_id, r._row AS source_row, r.accused_id
FROM r
JOIN cadres c USING (unit_id, accused_id)
LEFT JOIN risk_labels ch ON ch.enum = 'channel' AND ch.code = r.channel
;
-- name: units
SELECT r.unit_id, count(*) AS accusations,
       (SELECT count(DISTINCT f.accused_id) FROM rule_flags f WHERE f.unit_id = r.unit_id) AS persons
FROM reports r
SEMI JOIN risk_scope s ON s.unit_id = r.unit_id
WHERE r.category = 'accusation'
  AND r.received_on <= $as_of::DATE
  AND r.received_on > $as_of::DATE - to_months($months)
GROUP BY r.unit_id
