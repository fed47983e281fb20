SELECT "_time", "agent_hostname", "action_process_image_name", "action_file_path" FROM ((SELECT "_time", "agent_hostname", "action_process_image_name", $2::text AS "action_file_path" FROM "public"."xdr_data" WHERE "event_type" = $1::text) UNION ALL (SELECT "_time", "agent_hostname", $4::text AS "action_process_image_name", "action_file_path" FROM "public"."xdr_data" WHERE "event_type" = $3::text)) AS "t1"
-- $1 text = 'PROCESS'
-- $2 text = NULL
-- $3 text = 'FILE'
-- $4 text = NULL
