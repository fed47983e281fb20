SELECT "DeviceId", CASE WHEN $3::interval > interval '0' THEN date_bin($3::interval, "Timestamp", TIMESTAMPTZ '0001-01-01 00:00:00+00') END AS "Timestamp", count(*) AS "count_" FROM "public"."DeviceProcessEvents" WHERE "Timestamp" > $1::timestamptz - $2::interval GROUP BY "DeviceId", CASE WHEN $3::interval > interval '0' THEN date_bin($3::interval, "Timestamp", TIMESTAMPTZ '0001-01-01 00:00:00+00') END
-- $1 timestamptz = 1767225600000000us
-- $2 interval = 86400000000us
-- $3 interval = 3600000000us
