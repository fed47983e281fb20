SELECT "FileName" FROM "public"."DeviceProcessEvents" WHERE "Timestamp" > $1::timestamptz - $2::interval AND lower("FileName") = ANY($3::text[]) AND "FileSize" > $4::bigint
-- $1 timestamptz = 1767225600000000us
-- $2 interval = 86400000000us
-- $3 text[] = {'mimikatz.exe', 'procdump.exe'}
-- $4 bigint = 100
