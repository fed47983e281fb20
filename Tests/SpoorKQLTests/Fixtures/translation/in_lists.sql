SELECT "FileName" FROM "public"."DeviceProcessEvents" WHERE "FileName" = ANY($1::text[]) AND lower("FolderPath") = ANY($2::text[]) AND ("ProcessId" IS NULL OR NOT "ProcessId" IN ($3::bigint, $4::bigint)) AND NOT lower("AccountName") = ANY($5::text[])
-- $1 text[] = {'cmd.exe', 'powershell.exe'}
-- $2 text[] = {'c:\a', 'c:\b'}
-- $3 bigint = 4
-- $4 bigint = 8
-- $5 text[] = {'system'}
