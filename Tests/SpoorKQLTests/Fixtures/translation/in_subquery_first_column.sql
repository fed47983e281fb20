SELECT "ReportId" FROM "public"."DeviceProcessEvents" WHERE "DeviceId" IN (SELECT "t1"."DeviceId" FROM (SELECT "DeviceId" FROM "public"."DeviceNetworkEvents") AS "t1")
