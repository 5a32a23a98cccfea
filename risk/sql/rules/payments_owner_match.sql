-- Means-tested payments (payments.means_tested) in the payments window to
-- payees who own a vehicle, a house or a business (registers
-- vehicle_owner, property_owner, business_owner, within their dates). The
-- stratum is the programme.
-- name: records
WITH p AS NOT MATERIALIZED (
    SELECT p.unit_id, p.payment_id, p.program, p.payee_id, p.amount_yuan::DOUBLE AS amount, p.paid_on,
           p._batch, p._row
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
      AND list_contains($means_tested, p.program)
),
m AS (
    SELECT p.payment_id, string_agg(DISTINCT r.register::VARCHAR, ',' ORDER BY r.register::VARCHAR) AS registers,
           string_agg(DISTINCT l.zh, '、' ORDER BY l.zh) AS zh, string_agg(DISTINCT l.en, ', ' ORDER BY l.en) AS en
    FROM p
    JOIN registers r ON r.person_id = p.payee_id
    LEFT JOIN risk_labels l ON l.enum = 'register' AND l.code = r.register
    WHERE r.register IN ('vehicle_owner', 'property_owner', 'business_owner')
      AND (r.since IS NULL OR p.paid_on >= r.since)
      AND (r.until IS NULL OR p.paid_on <= r.until)
    GROUP BY p.payment_id
)
SELECT p.unit_id, p.payment_id AS record_id, p.paid_on AS record_on, p.amount,
       json_object('program', p.program, 'registers', m.registers) AS figures,
       printf('%s发放%s %.2f元，领取人在%s登记中', strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount, m.zh) AS reason_zh,
       printf('%s: means-tested %s %.2f yuan to a payee in the %s register', strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount, lower(m.en)) AS reason_en,
       p._batch AS batch_id, p._row AS source_row, p.payee_id, p.program AS stratum
FROM p
JOIN m USING (payment_id)
;
-- name: units
SELECT unit_id, count(DISTINCT payee_id) AS payees
FROM rule_flags
GROUP BY unit_id
