SELECT "Description", coalesce(("d" -> $3::text) #>> '{}', '') AS "p_Name", CASE jsonb_typeof("d" -> $4::text) WHEN 'number' THEN CASE WHEN (("d" -> $4::text))::numeric BETWEEN -9.2e18 AND 9.2e18 THEN trunc((("d" -> $4::text))::numeric)::bigint END WHEN 'string' THEN CASE WHEN (("d" -> $4::text) #>> '{}') ~ '^\s*[-+]?[0-9]{1,18}\s*$' THEN (("d" -> $4::text) #>> '{}')::bigint END WHEN 'boolean' THEN (("d" -> $4::text))::boolean::integer::bigint END AS "p_Age" FROM (VALUES ($1::jsonb, $2::text)) AS "t1"("d", "Description")
-- $1 jsonb = '{"Name":"John"}'
-- $2 text = 'Student'
-- $3 text = 'Name'
-- $4 text = 'Age'
