SELECT "event_id" AS "Id" FROM "public"."xdr_data" WHERE "_time" >= $1::timestamptz + $2::interval AND NOT "action_process_image_command_line" ~ $3::text AND "action_process_image_path" = $4::text AND "action_process_image_command_line" LIKE $5::text
-- $1 timestamptz = 1767225600000000us
-- $2 interval = -604800000000us
-- $3 text = '^cmd'
-- $4 text = 'C:\Windows\'
-- $5 text = '%"x"%'
