-- Cases filed and people punished per calendar month of the period, months
-- without a case included.  $1 = first day, $2 = as-of date.
WITH months AS (
  SELECT unnest(generate_series(date_trunc('month', $1::DATE)::TIMESTAMP,
                                date_trunc('month', $2::DATE)::TIMESTAMP,
                                INTERVAL 1 MONTH))::DATE AS m
),
per_month AS (
  SELECT date_trunc('month', filed_on)::DATE AS m,
         count(*) AS cases,
         coalesce(sum(sanctioned), 0) AS punished
  FROM cases
  WHERE filed_on BETWEEN $1::DATE AND $2::DATE
  GROUP BY 1
)
SELECT strftime(months.m, '%Y-%m') AS month,
       coalesce(p.cases, 0)::BIGINT,
       coalesce(p.punished, 0)::BIGINT
FROM months
LEFT JOIN per_month p ON p.m = months.m
ORDER BY months.m
