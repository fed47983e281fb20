SELECT "t1"."FileName", coalesce("t2"."OSPlatform", $1::text) AS "OSPlatform" FROM "public"."DeviceProcessEvents" AS "t1" LEFT JOIN (SELECT "DeviceId", "OSPlatform" FROM "public"."DeviceInfo") AS "t2" ON "t1"."DeviceId" = "t2"."DeviceId"
-- $1 text = ''
