SELECT "_time", "agent_hostname" FROM "public"."xdr_data" WHERE lower("action_process_image_name") = $1::text AND "actor_process_command_line" ILIKE $2::text AND NOT lower("agent_hostname") = $3::text AND lower("action_process_image_name") = ANY($4::text[])
-- $1 text = 'calc.exe'
-- $2 text = '%-Enc%'
-- $3 text = 'ws01'
-- $4 text[] = {'a.exe', 'b.exe'}
