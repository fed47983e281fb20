SELECT "TimeGenerated", "FileName" FROM "public"."DeviceProcessEvents" WHERE "TimeGenerated" > $1::timestamptz - $2::interval
-- $1 timestamptz = 1767225600000000us
-- $2 interval = 3600000000us
