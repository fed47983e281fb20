SELECT "Name", "Count", "Seen", "Extra" FROM jsonb_to_recordset($1::jsonb) AS "t1"("Name" text, "Count" bigint, "Seen" timestamptz, "Extra" jsonb) WHERE "Count" > $2::bigint
-- $1 jsonb = external csv ignoreFirstRecord 'https://example.com/iocs.csv', '/srv/iocs/more.csv'
-- $2 bigint = 1
