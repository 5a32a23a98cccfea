-- Payments in the payments window to relatives of the paying unit's own
-- cadres (relations.related_id = payee, relations.unit_id = the unit). One
-- record per payment, however many cadres the payee is related to.
-- name: records
WITH p AS NOT MATERIALIZED (
    SELECT p.unit_id, p.payment_id, p.program, p.payee_id, p.amount_yuan::DOUBLE AS amount, p.paid_on,
           p._batch, p._row
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
),
-- the payments whose unit and payee hash as a relation's do: a cheap
-- filter with the relations on the build side of the join (joined
-- directly, DuckDB builds on the 1.2 million payments); a collision of
-- hashes is dropped by the exact join of m
rel AS (
    SELECT p.*
    FROM p
    WHERE hash(p.unit_id, p.payee_id) IN (SELECT hash(unit_id, related_id) FROM relations)
),
m AS (
    SELECT rel.payment_id, min(r.relation) AS relation -- exact
    FROM rel
    JOIN relations r ON r.related_id = rel.payee_id AND r.unit_id = rel.unit_id
    GROUP BY rel.payment_id
)
SELECT p.unit_id, p.payment_id AS record_id, p.paid_on AS record_on, p.amount,
       json_object('program', p.program, 'relation', m.relation) AS figures,
       printf('%s向本单位干部的%s发放%s %.2f元', strftime(p.paid_on, '%Y-%m-%d'), coalesce(l.zh, '亲属'), p.program, p.amount) AS reason_zh,
       printf('%s: %s %.2f yuan to a cadre''s %s', strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount, lower(coalesce(l.en, 'relative'))) AS reason_en,
       p._batch AS batch_id, p._row AS source_row, p.payee_id, p.program AS stratum
FROM rel p
JOIN m USING (payment_id)
LEFT JOIN risk_labels l ON l.enum = 'relation' AND l.code = m.relation
;
-- name: units
SELECT unit_id, count(DISTINCT payee_id) AS payees
FROM rule_flags
GROUP BY unit_id
