SELECT "_time", "agent_hostname" FROM "public"."xdr_data" WHERE "action_file_path" IS NULL AND "action_registry_data" IS NOT NULL AND lower("actor_process_command_line") = $1::text AND NOT ("agent_hostname" IS NULL OR lower("agent_hostname") = $2::text) AND lower("causality_actor_process_command_line") = $3::text
-- $1 text = ''
-- $2 text = ''
-- $3 text = 'c:\temp	"x"'
