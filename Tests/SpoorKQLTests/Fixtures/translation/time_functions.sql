SELECT CASE WHEN $1::interval > interval '0' THEN date_bin($1::interval, "Timestamp", TIMESTAMPTZ '0001-01-01 00:00:00+00') END AS "a", CASE WHEN $2::bigint > 0 THEN (floor("FileSize"::numeric / $2::bigint) * $2::bigint)::bigint END AS "b", date_trunc('day', "Timestamp", 'UTC') AS "c", date_trunc('day', "Timestamp", 'UTC') - extract(dow FROM "Timestamp" AT TIME ZONE 'UTC') * interval '24 hours' AS "d", date_trunc('month', "Timestamp", 'UTC') AS "e", date_trunc('day', "Timestamp", 'UTC') + interval '24 hours' - interval '1 microsecond' AS "f", (extract(epoch FROM date_trunc('minute', "Timestamp", 'UTC') - date_trunc('minute', "ProcessCreationTime", 'UTC')) / 60)::bigint AS "g", (("Timestamp" AT TIME ZONE 'UTC' + $3::bigint * interval '1 day') AT TIME ZONE 'UTC') AS "h", to_char("Timestamp" AT TIME ZONE 'UTC', $4::text) AS "i", extract(dow FROM "Timestamp" AT TIME ZONE 'UTC') * interval '24 hours' AS "j", extract(hour FROM "Timestamp" AT TIME ZONE 'UTC')::integer AS "k", $5::timestamptz AS "l", $6::interval AS "m", date_trunc('year', "Timestamp", 'UTC') AS "n" FROM "public"."DeviceProcessEvents"
-- $1 interval = 3600000000us
-- $2 bigint = 10
-- $3 bigint = 1
-- $4 text = 'YYYY"-"MM"-"DD" "HH24":"MI":"SS'
-- $5 timestamptz = 1706933106000000us
-- $6 interval = 93784000000us
