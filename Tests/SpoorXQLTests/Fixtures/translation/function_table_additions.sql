SELECT CASE WHEN "action_process_image_command_line" IS NULL THEN $1::jsonb ELSE coalesce((SELECT jsonb_agg("t1".m[1]) FROM regexp_matches("action_process_image_command_line", $2::text, 'g') AS "t1"(m)), $3::jsonb) END AS "found", regexp_replace("action_process_image_path", $4::text, $5::text, 'g') AS "path", CASE WHEN $7::bigint > 0 THEN (floor($6::double precision::numeric / $7::bigint) * $7::bigint)::bigint END AS "lowest", round($8::double precision::numeric, 0)::bigint AS "nearest", date_trunc('day', "_time", 'UTC') AS "day" FROM "public"."xdr_data"
-- $1 jsonb = NULL
-- $2 text = '[a-z]+\.(exe|txt)'
-- $3 jsonb = '[]'
-- $4 text = '\\(system32)\\'
-- $5 text = '/\1/'
-- $6 double precision = 1.5
-- $7 bigint = 1
-- $8 double precision = 2.5
