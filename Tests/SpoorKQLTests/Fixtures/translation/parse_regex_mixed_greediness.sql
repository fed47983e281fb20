SELECT coalesce((SELECT regexp_substr("t1"."s", $4::text, "t3"."p", 1, '', $5::integer) FROM (SELECT "ProcessCommandLine" AS "s") AS "t1" CROSS JOIN LATERAL (SELECT nullif(regexp_instr("t1"."s", $2::text), 0) AS "p") AS "t2" CROSS JOIN LATERAL (SELECT "t2"."p" + length(regexp_substr("t1"."s", $3::text, "t2"."p")) AS "p") AS "t3"), '') AS "Host", coalesce((SELECT regexp_substr("t4"."s", $8::text, "t6"."p", 1, '', $9::integer) FROM (SELECT "ProcessCommandLine" AS "s") AS "t4" CROSS JOIN LATERAL (SELECT nullif(regexp_instr("t4"."s", $6::text), 0) AS "p") AS "t5" CROSS JOIN LATERAL (SELECT "t5"."p" + length(regexp_substr("t4"."s", $7::text, "t5"."p")) AS "p") AS "t6"), '') AS "UrlPath" FROM "public"."DeviceProcessEvents" WHERE "FileName" = $1::text
-- $1 text = 'certutil.exe'
-- $2 text = 'https?://(.*?)/(.*?)\s'
-- $3 text = 'https?://(?=(.*?)/(.*?)\s)'
-- $4 text = '(.*?)/(.*?)\s'
-- $5 bigint = 1
-- $6 text = 'https?://(.*?)/(.*?)\s'
-- $7 text = 'https?://(?=(.*?)/(.*?)\s)'
-- $8 text = '(.*?)/(.*?)\s'
-- $9 bigint = 2
