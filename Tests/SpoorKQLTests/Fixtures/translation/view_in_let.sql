SELECT "DeviceId", "FileName" FROM "public"."DeviceProcessEvents" WHERE lower("FileName") = ANY($1::text[])
-- $1 text[] = {'cmd.exe', 'powershell.exe'}
