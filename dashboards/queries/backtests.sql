-- Every stored backtest, the latest of each as-of date and horizon, oldest
-- as-of first: how well the score at that date foretold what followed.
SELECT backtest_id, as_of, horizon_months, horizon_end, truncated, units, positives, auc, baseline_auc,
       k, yield, rotation_yield, random_yield
FROM backtests
QUALIFY row_number() OVER (PARTITION BY as_of, horizon_months ORDER BY created_at DESC, backtest_id DESC) = 1
ORDER BY as_of, horizon_months
