SELECT "_time", "_document" ->> $6::text AS "threat_name" FROM ((SELECT "_time", "_insert_time", "_vendor", "_product", "_raw_log", "_document" FROM "public"."panw_ngfw_traffic_raw" WHERE "_time" >= $1::timestamptz + $2::interval) UNION ALL (SELECT "_time", "_insert_time", "_vendor", "_product", "_raw_log", "_document" FROM "public"."panw_ngfw_threat_raw" WHERE "_time" >= $1::timestamptz + $3::interval)) AS "t1" WHERE lower("_document" ->> $4::text) = $5::text
-- $1 timestamptz = 1767225600000000us
-- $2 interval = -3600000000us
-- $3 interval = -3600000000us
-- $4 text = 'source_ip'
-- $5 text = '10.0.0.5'
-- $6 text = 'threat_name'
