SELECT "FileName" FROM "public"."DeviceProcessEvents" WHERE "FileName" = $1::text OR lower("FileName") = $2::text OR coalesce(lower("FileName") <> $3::text, true) AND "FileName" <> $4::text
-- $1 text = 'cmd.exe'
-- $2 text = 'cmd.exe'
-- $3 text = 'powershell.exe'
-- $4 text = 'x'
