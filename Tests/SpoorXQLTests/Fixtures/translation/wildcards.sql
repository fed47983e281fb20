SELECT "_time", "agent_hostname" FROM "public"."xdr_data" WHERE "event_type" = $1::text AND ("action_process_image_path" ILIKE $2::text OR "action_process_image_path" ILIKE $3::text OR "action_process_image_command_line" ILIKE $4::text OR "action_file_path" ILIKE $5::text OR "action_process_image_command_line" ILIKE $6::text OR NOT "action_process_image_path" ILIKE $7::text)
-- $1 text = 'PROCESS'
-- $2 text = '%\\powershell.exe'
-- $3 text = 'C:\\Windows\\%'
-- $4 text = '%-enc%bypass%'
-- $5 text = 'C:\\Users\\%\\AppData\\Local\\Temp\\'
-- $6 text = '%100\%\_done\\%'
-- $7 text = '%\\cmd.exe'
