SELECT "DeviceId", "__aggregate1" * $1::double precision / "__aggregate2" AS "Ratio", "Total" FROM (SELECT "DeviceId", sum("FileSize")::bigint AS "__aggregate1", count(*) AS "__aggregate2", count(*) AS "Total" FROM "public"."DeviceProcessEvents" GROUP BY "DeviceId") AS "t1"
-- $1 double precision = 1.0
