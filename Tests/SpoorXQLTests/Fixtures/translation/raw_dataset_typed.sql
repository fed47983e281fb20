SELECT "host_name", "_document" ->> $2::text AS "TargetUserName", count(*) AS "failures" FROM "public"."microsoft_windows_raw" WHERE lower("event_id") = $1::text GROUP BY "host_name", "_document" ->> $2::text
-- $1 text = '4625'
-- $2 text = 'TargetUserName'
