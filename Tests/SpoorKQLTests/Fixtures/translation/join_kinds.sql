SELECT "t3"."DeviceId", "t3"."FileName", "t3"."DeviceId1", "t3"."RemoteIP" FROM (SELECT "t1"."DeviceId", "t1"."FileName", coalesce("t2"."DeviceId", $1::text) AS "DeviceId1", coalesce("t2"."RemoteIP", $2::text) AS "RemoteIP" FROM (SELECT "DeviceId", "FileName" FROM "public"."DeviceProcessEvents") AS "t1" LEFT JOIN (SELECT "DeviceId", "RemoteIP" FROM "public"."DeviceNetworkEvents") AS "t2" ON "t1"."DeviceId" = "t2"."DeviceId") AS "t3" WHERE NOT EXISTS (SELECT 1 FROM (SELECT "DeviceId" FROM "public"."DeviceInfo" WHERE "OSPlatform" = $3::text) AS "t4" WHERE "t3"."DeviceId" = "t4"."DeviceId")
-- $1 text = ''
-- $2 text = ''
-- $3 text = 'Linux'
