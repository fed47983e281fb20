SELECT "_time", "agent_hostname", "actor_effective_username", "action_process_image_name", "action_process_image_path", "action_process_image_command_line", "actor_process_image_name", "actor_process_image_path", "actor_process_command_line", "causality_actor_process_command_line", "causality_actor_primary_username", "causality_actor_process_image_sha256", "event_id", "agent_id", "_product" FROM "public"."xdr_data" WHERE "event_type" = $1::text AND "event_sub_type" = $2::text AND "agent_os_type" = $3::text AND (lower("action_process_image_name") = $4::text OR lower("action_process_image_name") = $5::text OR lower("action_process_image_name") = $6::text) AND (lower("actor_process_image_name") = $7::text OR lower("actor_process_image_name") = $8::text) ORDER BY "_time" DESC NULLS LAST
-- $1 text = 'PROCESS'
-- $2 text = 'PROCESS_START'
-- $3 text = 'AGENT_OS_WINDOWS'
-- $4 text = 'notepad.exe'
-- $5 text = 'calc.exe'
-- $6 text = 'svchost.exe'
-- $7 text = 'python.exe'
-- $8 text = 'run.py'
