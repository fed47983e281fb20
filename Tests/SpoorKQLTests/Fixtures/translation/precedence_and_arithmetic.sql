SELECT "FileSize" FROM "public"."DeviceProcessEvents" WHERE "FileSize" * $1::bigint + $2::bigint > $3::bigint OR "ProcessId" % nullif($4::bigint, 0) = $5::bigint AND -"ProcessId" < $6::bigint
-- $1 bigint = 2
-- $2 bigint = 1
-- $3 bigint = 10
-- $4 bigint = 2
-- $5 bigint = 0
-- $6 bigint = 0
