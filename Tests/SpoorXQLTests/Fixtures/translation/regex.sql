SELECT "_time", "agent_hostname" FROM "public"."xdr_data" WHERE "event_type" = $1::text AND ("action_process_image_command_line" ~ $2::text OR "action_process_image_command_line" ~ $3::text)
-- $1 text = 'PROCESS'
-- $2 text = '\\Windows\\System32\\[a-zA-Z0-9]{8}\.tmp$'
-- $3 text = '(?i)invoke-\w+'
