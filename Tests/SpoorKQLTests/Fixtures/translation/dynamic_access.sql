SELECT coalesce(("Args" -> $3::bigint::integer) #>> '{}', '') AS "First", "Args" -> $4::bigint::integer AS "Last", coalesce(("Bag" -> $5::text) #>> '{}', '') AS "Host", ("Bag" -> $6::text) -> $7::text AS "Nested", CASE WHEN jsonb_typeof("Args") = 'array' THEN jsonb_array_length("Args") END::bigint AS "N", CASE WHEN jsonb_typeof("Bag") = 'object' THEN (SELECT coalesce(jsonb_agg("t2".k), '[]'::jsonb) FROM jsonb_object_keys("Bag") AS "t2"(k)) END AS "Keys" FROM (VALUES ($1::jsonb, $2::jsonb)) AS "t1"("Args", "Bag")
-- $1 jsonb = '["a","b",3]'
-- $2 jsonb = '{"Host":"x.example","where":{"k":1}}'
-- $3 bigint = 0
-- $4 bigint = -1
-- $5 text = 'Host'
-- $6 text = 'where'
-- $7 text = 'k'
