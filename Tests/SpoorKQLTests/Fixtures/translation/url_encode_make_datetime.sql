SELECT spoor.kql_url_encode("RemoteUrl", true) AS "Query", spoor.kql_url_encode("RemoteUrl", false) AS "Form" FROM "public"."DeviceNetworkEvents" WHERE "Timestamp" > spoor.kql_make_datetime($1::bigint, $2::bigint, $3::bigint, $4::bigint, $5::bigint, 0)
-- $1 bigint = 2026
-- $2 bigint = 1
-- $3 bigint = 1
-- $4 bigint = 12
-- $5 bigint = 30
