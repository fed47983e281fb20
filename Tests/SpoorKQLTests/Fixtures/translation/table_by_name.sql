SELECT "DeviceName" FROM "public"."DeviceProcessEvents" WHERE "Timestamp" > $1::timestamptz - $2::interval
-- $1 timestamptz = 1767225600000000us
-- $2 interval = 86400000000us
