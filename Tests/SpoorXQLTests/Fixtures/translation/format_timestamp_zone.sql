SELECT to_char(("_time" + $1::bigint * interval '1 minute') AT TIME ZONE 'UTC', $2::text) AS "local", to_char("_time" AT TIME ZONE 'UTC', $3::text) AS "utc" FROM "public"."xdr_data"
-- $1 bigint = -300
-- $2 text = 'YYYY"-"MM"-"DD" "HH24":"MI'
-- $3 text = 'HH24":"MI'
