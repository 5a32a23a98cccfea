-- Payments in the payments window with an amount just under the approval
-- limit — in [split_band × approval_limit, approval_limit) — that is not a
-- standard amount of its programme (risk_standard_amounts: a policy amount
-- such as disaster relief at 4,800 yuan per household is not a split).
-- name: records
WITH p AS (
    SELECT p.unit_id, p.payment_id, p.program, p.amount_yuan, p.paid_on, p._batch, p._row
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
)
SELECT p.unit_id, p.payment_id AS record_id, p.paid_on AS record_on, p.amount_yuan::DOUBLE AS amount,
       json_object('program', p.program, 'limit', $split_high) AS figures,
       printf('%s发放%s %.2f元，低于审批限额%g元', strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount_yuan::DOUBLE,
              $split_high::DOUBLE) AS reason_zh,
       printf('%s: %s %.2f yuan, just under the %g-yuan approval limit', strftime(p.paid_on, '%Y-%m-%d'), p.program,
              p.amount_yuan::DOUBLE, $split_high::DOUBLE) AS reason_en,
       p._batch AS batch_id, p._row AS source_row, p.program AS stratum
FROM p
ANTI JOIN risk_standard_amounts USING (program, amount_yuan)
WHERE p.amount_yuan >= $split_low AND p.amount_yuan < $split_high
