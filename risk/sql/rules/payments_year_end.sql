-- Year-end rush in payments: the December payments of a programme in a
-- year in which the unit paid it in December more than twice as often as
-- in its average month with payments of it that year (and at least three
-- times): unspent funds pushed out before the budget year closes. Monthly
-- rosters, paid evenly, and annual subsidies, paid in one month, have no
-- rush. The stratum is the programme.
-- name: records
WITH p AS NOT MATERIALIZED (
    SELECT p.unit_id, p.payment_id, p.program, p.amount_yuan::DOUBLE AS amount, p.paid_on,
           year(p.paid_on) AS yr, month(p.paid_on) AS mo, p._batch, p._row
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
),
rush AS (
    SELECT unit_id, program, yr, count(*) FILTER (WHERE mo = 12) AS dec
    FROM p
    GROUP BY ALL
    HAVING count(*) FILTER (WHERE mo = 12) >= 3
       AND count(*) FILTER (WHERE mo = 12) > 2 * count(*) / count(DISTINCT mo)
)
SELECT p.unit_id, p.payment_id AS record_id, p.paid_on AS record_on, p.amount,
       json_object('program', p.program, 'december_payments', rush.dec, 'year', p.yr) AS figures,
       printf('%s（12月）发放%s %.2f元；该项目当年12月共发放%d笔，超过当年有发放月份月均的两倍', strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount, rush.dec) AS reason_zh,
       printf('%s (December): %s %.2f yuan; %d payments of it that December, over twice its average month that year', strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount, rush.dec) AS reason_en,
       p._batch AS batch_id, p._row AS source_row, p.program AS stratum
FROM p
JOIN rush USING (unit_id, program, yr)
WHERE p.mo = 12
