SELECT CASE WHEN jsonb_typeof("action_module_file_info" #> $1::text[]) IN ('object', 'array') THEN NULL ELSE "action_module_file_info" #>> $2::text[] END AS "company", nullif(("action_module_file_info" #> $3::text[])::text, 'null') AS "version", CASE WHEN jsonb_typeof("action_module_file_info" #> $4::text[]) = 'array' THEN (SELECT coalesce(jsonb_agg("t1".e::text), '[]'::jsonb) FROM jsonb_array_elements("action_module_file_info" #> $4::text[]) AS "t1"(e)) END AS "names", CASE WHEN jsonb_typeof("action_module_file_info" #> $5::text[]) IN ('object', 'array') THEN NULL ELSE "action_module_file_info" #>> $6::text[] END AS "dotted" FROM "public"."xdr_data"
-- $1 text[] = {'company'}
-- $2 text[] = {'company'}
-- $3 text[] = {'version', 'parts'}
-- $4 text[] = {'names'}
-- $5 text[] = {'file.info', 'size'}
-- $6 text[] = {'file.info', 'size'}
