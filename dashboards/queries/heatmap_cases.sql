-- Cases filed between $1 and $2 per district and domain (a case of a unit
-- with no district, or without a domain, is counted under none/'other').
SELECT ud.district_id, coalesce(d.name, ud.district_id), coalesce(c.domain::VARCHAR, 'other'), count(*)::BIGINT
FROM cases c
JOIN unit_district ud USING (unit_id)
JOIN units d ON d.unit_id = ud.district_id
WHERE c.filed_on BETWEEN $1::DATE AND $2::DATE
GROUP BY ALL
ORDER BY 1, 3
