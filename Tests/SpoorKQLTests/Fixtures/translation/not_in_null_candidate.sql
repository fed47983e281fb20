SELECT "ReportId" FROM "public"."DeviceNetworkEvents" WHERE NOT ("RemotePort" IN ($1::bigint, $2::integer)) IS TRUE
-- $1 bigint = 443
-- $2 integer = NULL
