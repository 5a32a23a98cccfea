-- Every disposition decided on or before the as-of date, resolved to what
-- it judges, each judged thing once (its latest disposition):
--   - a target: named by its id, or, for a disposition that names only a
--     unit, the unit's latest target proposed in the attach_months before
--     the decision (tours before reminders of the same date);
--   - a flag: its rule and unit from its id (rule/unit/record);
--   - otherwise the unit, judged against the latest run in the
--     attach_months before the decision.
-- ref_run is the run whose indicators say which rules pointed at the unit:
-- the target's (the latest made of the runs that proposed it) or that
-- latest run before the decision; NULL when there is none.
WITH tg AS (
    SELECT t.target_id, any_value(t.kind) AS kind, any_value(t.unit_id) AS unit_id,
           any_value(r.as_of) AS as_of, bool_or(coalesce(t.random, false)) AS random,
           arg_max(t.run_id, r.created_at) AS run_id
    FROM targets t JOIN runs r USING (run_id)
    WHERE t.target_id IS NOT NULL AND r.as_of <= $as_of::DATE
    GROUP BY t.target_id
), d AS (
    SELECT * FROM dispositions WHERE decided_on <= $as_of::DATE
), attached AS (
    SELECT d.disposition_id, arg_max(tg.target_id, (tg.as_of, tg.kind = 'tour')) AS target_id
    FROM d JOIN tg ON tg.unit_id = d.unit_id AND tg.as_of < d.decided_on
                  AND d.decided_on <= tg.as_of + to_months($attach_months)
    WHERE d.target_id IS NULL AND d.flag_id IS NULL
    GROUP BY d.disposition_id
), prior AS (
    SELECT d.disposition_id, arg_max(r.run_id, (r.as_of, r.created_at)) AS run_id
    FROM d JOIN runs r ON r.as_of < d.decided_on AND d.decided_on <= r.as_of + to_months($attach_months)
    WHERE d.target_id IS NULL AND d.flag_id IS NULL
    GROUP BY d.disposition_id
), resolved AS (
    SELECT d.disposition_id, d.decided_on, d.result,
           coalesce(d.money_recovered_yuan, 0)::DOUBLE AS money,
           coalesce(d.persons_disciplined, 0)::BIGINT AS persons,
           coalesce(d.target_id, a.target_id) AS target_id,
           d.flag_id,
           CASE WHEN d.flag_id IS NOT NULL THEN split_part(d.flag_id, '/', 1) END AS flag_rule,
           coalesce(tg.unit_id, CASE WHEN d.flag_id IS NOT NULL THEN split_part(d.flag_id, '/', 2) END, d.unit_id) AS unit_id,
           tg.kind, coalesce(tg.random, false) AS random,
           CASE WHEN d.flag_id IS NULL THEN coalesce(tg.run_id, p.run_id) END AS ref_run
    FROM d
    LEFT JOIN attached a USING (disposition_id)
    LEFT JOIN tg ON tg.target_id = coalesce(d.target_id, a.target_id)
    LEFT JOIN prior p USING (disposition_id)
)
SELECT disposition_id, decided_on, result, money, persons, target_id, flag_id, flag_rule, unit_id,
       kind, random, ref_run
FROM resolved
QUALIFY row_number() OVER (
    PARTITION BY coalesce(target_id, flag_id, unit_id || '@' || coalesce(ref_run, ''))
    ORDER BY decided_on DESC, disposition_id DESC) = 1
ORDER BY disposition_id
