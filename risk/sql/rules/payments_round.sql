-- Payments in the payments window whose amount is a whole multiple of
-- payments.round_multiple yuan and is not one of its programme's standard
-- amounts (risk_standard_amounts, sql/standard_amounts.sql: the elderly
-- allowance's 100 and 200 yuan are round by law, not invented).
-- name: records
WITH p AS (
    SELECT p.unit_id, p.payment_id, p.program, p.amount_yuan, p.paid_on, p._batch, p._row
    FROM payments p
    SEMI JOIN risk_scope s ON s.unit_id = p.unit_id
    WHERE p.paid_on <= $as_of::DATE
      AND p.paid_on > $as_of::DATE - to_months($months)
)
SELECT p.unit_id, p.payment_id AS record_id, p.paid_on AS record_on, p.amount_yuan::DOUBLE AS amount,
       json_object('program', p.program, 'multiple', $round_multiple) AS figures,
       printf('%s发放%s %.0f元，为%g元的整数倍，且非该项目的标准金额', strftime(p.paid_on, '%Y-%m-%d'), p.program, p.amount_yuan::DOUBLE,
              $round_multiple::DOUBLE) AS reason_zh,
       printf('%s: %s %.0f yuan, a whole multiple of %g yuan and not one of the programme''s standard amounts', strftime(p.paid_on, '%Y-%m-%d'), p.program,
              p.amount_yuan::DOUBLE, $round_multiple::DOUBLE) AS reason_en,
       p._batch AS batch_id, p._row AS source_row, p.program AS stratum
FROM p
ANTI JOIN risk_standard_amounts USING (program, amount_yuan)
WHERE p.amount_yuan > 0 AND p.amount_yuan::DOUBLE % $round_multiple = 0
