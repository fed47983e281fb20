SELECT DISTINCT "FileName" FROM "public"."DeviceProcessEvents" LIMIT $1::bigint
-- $1 bigint = 3
