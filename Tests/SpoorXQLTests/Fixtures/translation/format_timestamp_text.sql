SELECT "event_id", CASE WHEN "_time" IS NULL THEN $1::text ELSE concat(to_char("_time" AT TIME ZONE 'UTC', $2::text), $3::text, to_char("_time" AT TIME ZONE 'UTC', $4::text), $5::text) END AS "iso" FROM "public"."xdr_data"
-- $1 text = NULL
-- $2 text = 'YYYY"-"MM"-"DD'
-- $3 text = 'T'
-- $4 text = 'HH24":"MI":"SS'
-- $5 text = 'Z'
