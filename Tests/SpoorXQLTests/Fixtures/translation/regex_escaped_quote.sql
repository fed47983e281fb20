SELECT "event_id", CASE WHEN "action_process_image_command_line" IS NULL THEN $3::jsonb ELSE coalesce((SELECT jsonb_agg("t1".m[1]) FROM regexp_matches("action_process_image_command_line", $4::text, 'g') AS "t1"(m)), $5::jsonb) END ->> $2::bigint::integer AS "task" FROM "public"."xdr_data" WHERE "action_process_image_command_line" ~ $1::text
-- $1 text = '^[^"]+ /c [^"]+$'
-- $2 bigint = 0
-- $3 jsonb = NULL
-- $4 text = '/tn\s+"?([^"]+)"?'
-- $5 jsonb = '[]'
