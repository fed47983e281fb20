-- note[KQL-N002]: join hint 'hint.strategy' is ignored (PostgreSQL plans joins itself)
SELECT "t1"."DeviceId", "t2"."OSPlatform" FROM "public"."DeviceProcessEvents" AS "t1" JOIN "public"."DeviceInfo" AS "t2" ON "t1"."DeviceId" = "t2"."DeviceId" AND "t1"."DeviceName" = "t2"."DeviceName"
