SELECT CASE WHEN jsonb_typeof("action_module_file_info" #> $1::text[]) IN ('object', 'array') THEN NULL ELSE "action_module_file_info" #>> $2::text[] END AS "first_name", CASE WHEN jsonb_typeof("action_module_file_info" #> $3::text[]) = 'array' THEN (SELECT coalesce(jsonb_agg("t1".e::text), '[]'::jsonb) FROM jsonb_array_elements("action_module_file_info" #> $3::text[]) AS "t1"(e)) END AS "all_names", CASE WHEN jsonb_typeof(spoor.parse_json(nullif(("action_module_file_info" #> $4::text[])::text, 'null')) #> $5::text[]) = 'array' THEN (SELECT coalesce(jsonb_agg("t2".e::text), '[]'::jsonb) FROM jsonb_array_elements(spoor.parse_json(nullif(("action_module_file_info" #> $4::text[])::text, 'null')) #> $5::text[]) AS "t2"(e)) END AS "root" FROM "public"."xdr_data"
-- $1 text[] = {'names', '0'}
-- $2 text[] = {'names', '0'}
-- $3 text[] = {'names'}
-- $4 text[] = {'names'}
-- $5 text[] = {}
