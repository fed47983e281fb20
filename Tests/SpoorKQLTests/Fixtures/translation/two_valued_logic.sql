SELECT "RemoteIP", CASE WHEN "RemotePort" IS NULL AND "LocalPort" IS NULL THEN $5::boolean ELSE ("RemotePort" = "LocalPort") IS TRUE END AS "Both", ("RemotePort" > $6::bigint) IS TRUE OR "RemoteUrl" ~* $7::text AS "Either", NOT ("RemotePort" IN ($8::bigint, $9::bigint)) IS TRUE AS "NotIn" FROM "public"."DeviceNetworkEvents" WHERE NOT (CASE WHEN "RemoteIP" ~ '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$' THEN "RemoteIP"::inet <<= $1::inet END IS TRUE OR false OR ("RemotePort" = $2::bigint) IS TRUE) AND ("RemotePort" = $3::bigint OR CASE WHEN "RemoteIP" ~ '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$' THEN "RemoteIP"::inet <<= ANY ('{10.0.0.0/8,172.16.0.0/12,192.168.0.0/16}'::inet[]) END OR "RemoteUrl" ILIKE $4::text)
-- $1 text = '10.0.0.0/8'
-- $2 bigint = 443
-- $3 bigint = 80
-- $4 text = '%x%'
-- $5 boolean = NULL
-- $6 bigint = 1000
-- $7 text = '(^|[^[:alnum:]])evil([^[:alnum:]]|$)'
-- $8 bigint = 1
-- $9 bigint = 2
