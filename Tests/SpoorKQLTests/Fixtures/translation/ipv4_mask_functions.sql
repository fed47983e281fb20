SELECT "RemoteIP", spoor.kql_parse_ipv4_mask("RemoteIP", $1::bigint) AS "Network", char_length(spoor.kql_ip_bits("RemoteIP", 32))::bigint AS "Suffix" FROM "public"."DeviceNetworkEvents"
-- $1 bigint = 24
