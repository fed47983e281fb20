SELECT "_time", "agent_hostname" FROM "public"."xdr_data" WHERE "action_process_image_name" = $1::text AND "actor_process_command_line" LIKE $2::text AND "agent_hostname" <> $3::text AND ("action_process_image_name" = ANY($4::text[]) OR "action_process_image_name" LIKE $5::text) AND "action_process_image_path" LIKE $6::text
-- $1 text = 'Calc.EXE'
-- $2 text = '%-Enc%'
-- $3 text = 'WS01'
-- $4 text[] = {'a.exe', 'B.exe'}
-- $5 text = '%\\x.EXE'
-- $6 text = 'C:\\Windows\\%'
