-- The AUC of each indicator and family ("family:<name>") in backtest $1.
SELECT indicator, auc FROM backtest_indicators WHERE backtest_id = $1 ORDER BY indicator
