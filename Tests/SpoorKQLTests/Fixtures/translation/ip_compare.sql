SELECT "RemoteIP", spoor.kql_ip_compare("RemoteIP", "LocalIP", $5::bigint, 128) AS "Order" FROM "public"."DeviceNetworkEvents" WHERE spoor.kql_ip_compare("RemoteIP", $1::text, 128, 128) = $2::bigint OR spoor.kql_ip_compare("LocalIP", $3::text, 32, 32) = $4::bigint
-- $1 text = 'fe80::/64'
-- $2 bigint = 0
-- $3 text = '10.0.0.0/8'
-- $4 bigint = 0
-- $5 bigint = 120
