SELECT "RemoteIP" FROM "public"."DeviceNetworkEvents" WHERE CASE WHEN "RemoteIP" ~ '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$' THEN "RemoteIP"::inet <<= ANY ('{10.0.0.0/8,172.16.0.0/12,192.168.0.0/16}'::inet[]) END OR CASE WHEN "RemoteIP" ~ '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$' THEN "RemoteIP"::inet <<= $1::inet END OR spoor.kql_ip_compare("LocalIP", $3::text, $2::bigint, 32) = $4::bigint
-- $1 text = '10.0.0.0/8'
-- $2 bigint = 24
-- $3 text = '192.168.1.1'
-- $4 bigint = 0
