-- Year-end rush in the collective's books: the December expenses,
-- contracts and sales of a kind in a year in which the unit had more than
-- twice its average of that kind over the months with any in December (and at least
-- three). The stratum is the kind of transaction.
-- name: records
WITH a AS (
    SELECT a.*, year(a.txn_on) AS yr, month(a.txn_on) AS mo
    FROM assets a
    SEMI JOIN risk_scope s ON s.unit_id = a.unit_id
    WHERE a.kind IN ('expense', 'contract', 'sale')
      AND a.txn_on <= $as_of::DATE
      AND a.txn_on > $as_of::DATE - to_months($months)
),
rush AS (
    SELECT unit_id, kind, yr, count(*) FILTER (WHERE mo = 12) AS dec
    FROM a
    GROUP BY ALL
    HAVING count(*) FILTER (WHERE mo = 12) >= 3
       AND count(*) FILTER (WHERE mo = 12) > 2 * count(*) / count(DISTINCT mo)
)
SELECT a.unit_id, a.txn_id AS record_id, a.txn_on AS record_on, a.amount_yuan::DOUBLE AS amount,
       json_object('kind', a.kind, 'category', a.category, 'december_count', rush.dec) AS figures,
       printf('%s（12月）%s，金额%.2f元；当年12月同类业务%d笔，超过当年有业务月份月均的两倍', strftime(a.txn_on, '%Y-%m-%d'), coalesce(k.zh, a.kind), a.amount_yuan::DOUBLE, rush.dec) AS reason_zh,
       printf('%s (December): %s of %.2f yuan; %d of its kind that December, over twice its average month that year', strftime(a.txn_on, '%Y-%m-%d'), lower(coalesce(k.en, a.kind)), a.amount_yuan::DOUBLE, rush.dec) AS reason_en,
       a._batch AS batch_id, a._row AS source_row, a.kind::VARCHAR AS stratum
FROM a
JOIN rush USING (unit_id, kind, yr)
LEFT JOIN risk_labels k ON k.enum = 'asset_kind' AND k.code = a.kind
WHERE a.mo = 12
