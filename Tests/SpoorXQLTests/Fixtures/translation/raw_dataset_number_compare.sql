SELECT "_document" ->> $7::text AS "source_ip", "_document" ->> $8::text AS "dest_port" FROM "public"."panw_ngfw_traffic_raw" WHERE CASE WHEN ("_document" ->> $1::text) ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,2})?\s*$' AND length("_document" ->> $1::text) <= 40 THEN ("_document" ->> $1::text)::double precision END >= $2::bigint AND CASE WHEN ("_document" ->> $3::text) ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,2})?\s*$' AND length("_document" ->> $3::text) <= 40 THEN ("_document" ->> $3::text)::double precision END < $4::bigint AND NOT lower("_document" ->> $5::text) = $6::text
-- $1 text = 'dest_port'
-- $2 bigint = 1024
-- $3 text = 'dest_port'
-- $4 bigint = 65535
-- $5 text = 'app'
-- $6 text = 'ssl'
-- $7 text = 'source_ip'
-- $8 text = 'dest_port'
