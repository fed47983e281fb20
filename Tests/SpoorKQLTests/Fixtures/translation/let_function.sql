SELECT lower("FileName") AS "Name" FROM "public"."DeviceProcessEvents" WHERE "Timestamp" > $1::timestamptz - $2::interval
-- $1 timestamptz = 1767225600000000us
-- $2 interval = 7200000000us
