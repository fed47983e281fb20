SELECT "_time", "_document" ->> $6::text AS "source_ip", "_document" ->> $7::text AS "dest_port" FROM "public"."panw_ngfw_traffic_raw" WHERE lower("_document" ->> $1::text) = $2::text AND CASE WHEN ("_document" ->> $3::text) ~ '^\s*[-+]?[0-9]{1,18}\s*$' THEN ("_document" ->> $3::text)::bigint END IN ($4::bigint, $5::bigint)
-- $1 text = 'action'
-- $2 text = 'deny'
-- $3 text = 'dest_port'
-- $4 bigint = 445
-- $5 bigint = 3389
-- $6 text = 'source_ip'
-- $7 text = 'dest_port'
