SELECT DISTINCT "DeviceName" FROM "public"."DeviceProcessEvents" LIMIT $1::bigint
-- $1 bigint = 5
