-- Calibration of backtest $1: units and units with an outcome per band.
SELECT band, units, positives, rate FROM backtest_bands WHERE backtest_id = $1
ORDER BY CASE band WHEN 'high' THEN 1 WHEN 'elevated' THEN 2 ELSE 3 END
