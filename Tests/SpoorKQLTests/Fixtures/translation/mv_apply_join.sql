SELECT "t2"."d", "t8"."name" FROM (SELECT "d", "hashes" FROM (VALUES ($1::text, $2::jsonb)) AS "t1"("d", "hashes")) AS "t2" CROSS JOIN LATERAL (SELECT "t7"."name" FROM (SELECT nullif("t3"."v1", 'null'::jsonb) #>> '{}' AS "h" FROM ROWS FROM (jsonb_array_elements(CASE jsonb_typeof("t2"."hashes") WHEN 'array' THEN "t2"."hashes" WHEN 'object' THEN (SELECT jsonb_agg(jsonb_build_object("t4"."key", "t4"."value") ORDER BY "t4"."ordinality") FROM jsonb_each("t2"."hashes") WITH ORDINALITY AS "t4"("key", "value", "ordinality")) ELSE jsonb_build_array("t2"."hashes") END)) WITH ORDINALITY AS "t3"("v1", "ordinality")) AS "t5" JOIN (SELECT "h", "name" FROM (VALUES ($3::text, $4::text)) AS "t6"("h", "name")) AS "t7" ON "t5"."h" = "t7"."h") AS "t8"
-- $1 text = 'd1'
-- $2 jsonb = '["aa","zz"]'
-- $3 text = 'aa'
-- $4 text = 'good'
