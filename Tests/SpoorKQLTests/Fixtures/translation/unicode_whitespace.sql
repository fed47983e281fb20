SELECT "FileName", "ProcessId" FROM "public"."DeviceProcessEvents" WHERE "FileName" = $1::text AND "ProcessId" > $2::bigint
-- $1 text = 'a.exe'
-- $2 bigint = 1
