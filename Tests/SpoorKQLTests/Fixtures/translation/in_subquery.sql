SELECT "FileName" FROM "public"."DeviceProcessEvents" WHERE "FileName" IN (SELECT "t2"."FileName" FROM (SELECT "FileName" FROM (SELECT "FileName", count(*) AS "n" FROM "public"."DeviceProcessEvents" GROUP BY "FileName") AS "t1" WHERE "n" < $1::bigint) AS "t2") AND NOT "DeviceId" IN (SELECT "t3"."DeviceId" FROM (SELECT "DeviceId" FROM "public"."DeviceInfo" WHERE "OSPlatform" = $2::text) AS "t3")
-- $1 bigint = 3
-- $2 text = 'Linux'
