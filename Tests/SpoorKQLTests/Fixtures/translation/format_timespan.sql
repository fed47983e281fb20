SELECT "FileName", (SELECT CASE WHEN "t1"."u" >= 0 THEN ("t1"."u" / 86400000000)::text || $2::text || lpad((("t1"."u" / 3600000000) % 24)::text, 2, '0') || $3::text || lpad((("t1"."u" / 60000000) % 60)::text, 2, '0') || $4::text || lpad((("t1"."u" / 1000000) % 60)::text, 2, '0') || $5::text || rtrim(substr(lpad((("t1"."u" % 1000000) * 10)::text, 7, '0'), 1, 3), '0') END FROM (SELECT (extract(epoch FROM $1::timestamptz - "Timestamp") * 1000000)::bigint AS "u") AS "t1") AS "Age" FROM "public"."DeviceProcessEvents"
-- $1 timestamptz = 1767225600000000us
-- $2 text = '.'
-- $3 text = ':'
-- $4 text = ':'
-- $5 text = '.'
