-- The last date any outcome ledger reaches: a backtest's horizon ends there
-- at the latest.
SELECT max(d) FROM (
    SELECT max(filed_on) AS d FROM cases
    UNION ALL SELECT max(received_on) FROM leads
    UNION ALL SELECT max(start_on) FROM inspections
)
