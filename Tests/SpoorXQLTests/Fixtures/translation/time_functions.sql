SELECT extract(hour FROM "_time" AT TIME ZONE 'UTC')::bigint AS "hour", (floor(extract(epoch FROM "_insert_time") * 1000)::bigint - floor(extract(epoch FROM "_time") * 1000)::bigint) / nullif($1::bigint, 0) AS "age_minutes", to_char("_time" AT TIME ZONE 'UTC', $2::text) AS "day" FROM "public"."xdr_data"
-- $1 bigint = 60000
-- $2 text = 'YYYY"-"MM"-"DD" "HH24":"MI'
