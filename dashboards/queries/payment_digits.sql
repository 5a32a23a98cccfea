-- First-two-digit counts of the scored units' payments in the window per
-- programme and district (report_digits): the payments page's Benford
-- tests.
SELECT program, district_id, digits, sum(n)::BIGINT
FROM report_digits
GROUP BY ALL
ORDER BY 1, 2, 3
