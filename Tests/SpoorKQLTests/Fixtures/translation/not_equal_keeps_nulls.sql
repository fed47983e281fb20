SELECT "ProcessId" FROM "public"."DeviceProcessEvents" WHERE "ProcessId" IS DISTINCT FROM $1::bigint AND "FileSize" IS DISTINCT FROM $2::bigint AND "IsProcessRemoteSession" IS DISTINCT FROM $3::boolean
-- $1 bigint = 4
-- $2 bigint = 0
-- $3 boolean = true
