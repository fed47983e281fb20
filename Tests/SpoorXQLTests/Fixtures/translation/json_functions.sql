SELECT CASE WHEN jsonb_typeof("action_module_file_info" #> $1::text[]) IN ('object', 'array') THEN NULL ELSE "action_module_file_info" #>> $2::text[] END AS "company", nullif(("action_module_file_info" #> $3::text[])::text, 'null') AS "info", CASE WHEN jsonb_typeof("action_module_file_info" #> $4::text[]) = 'array' THEN (SELECT coalesce(jsonb_agg("t1".e::text), '[]'::jsonb) FROM jsonb_array_elements("action_module_file_info" #> $4::text[]) AS "t1"(e)) END AS "parts" FROM "public"."xdr_data"
-- $1 text[] = {'company'}
-- $2 text[] = {'company'}
-- $3 text[] = {'version'}
-- $4 text[] = {'names'}
