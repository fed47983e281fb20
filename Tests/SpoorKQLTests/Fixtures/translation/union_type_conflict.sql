SELECT "DeviceId", "Port_int", "Port_string" FROM ((SELECT "DeviceId", "RemotePort" AS "Port_int", $1::text AS "Port_string" FROM "public"."DeviceNetworkEvents") UNION ALL (SELECT "DeviceId", $2::integer AS "Port_int", coalesce("LocalPort"::text, '') AS "Port_string" FROM "public"."DeviceNetworkEvents")) AS "t1"
-- $1 text = ''
-- $2 integer = NULL
