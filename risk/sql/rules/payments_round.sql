-- Payments in the payments window whose amount is a whole multiple of
-- payments.round_multiple yuan.
-- name: records
SELECT p.unit_id, p.payment_id AS record_id, p.paid_on AS record_on, p.amount_yuan::DOUBLE AS amount,
       json_object('program', p.program, 'multiple', $round_multiple) AS figures,
       printf('%s发放%s %.0f元，为%g元的整数倍', strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount_yuan::DOUBLE,
              $round_multiple::DOUBLE) AS reason_zh,
       printf('%s: %s %.0f yuan, a whole multiple of %g yuan', strftime(p.paid_on, '%Y-%m-%d'), p.program,
              p.amount_yuan::DOUBLE, $round_multiple::DOUBLE) AS reason_en,
       p._batch AS batch_id, p._row AS source_row, p.program AS stratum
FROM payments p
SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
WHERE p.paid_on <= $as_of::DATE
  AND p.paid_on > $as_of::DATE - to_months($months)
  AND p.amount_yuan > 0 AND p.amount_yuan::DOUBLE % $round_multiple = 0
