SELECT "FileSize" FROM "public"."DeviceProcessEvents" WHERE "FileSize" BETWEEN $1::bigint AND $2::bigint AND "Timestamp" BETWEEN $3::timestamptz AND $4::timestamptz + $5::interval AND NOT "ProcessId" BETWEEN $6::bigint AND $7::bigint
-- $1 bigint = 100
-- $2 bigint = 200
-- $3 timestamptz = 1704067200000000us
-- $4 timestamptz = 1704067200000000us
-- $5 interval = 86400000000us
-- $6 bigint = 1
-- $7 bigint = 4
