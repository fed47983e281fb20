SELECT "t3"."FileName", coalesce("t5"."Verdict", $3::text) AS "Verdict" FROM (SELECT * FROM "public"."DeviceProcessEvents" WHERE "SHA1" IN (SELECT "t2"."SHA1" FROM (SELECT "SHA1" FROM jsonb_to_recordset($1::jsonb) AS "t1"("SHA1" text)) AS "t2")) AS "t3" LEFT JOIN (SELECT "FileName", "Verdict" FROM jsonb_to_recordset($2::jsonb) AS "t4"("FileName" text, "Verdict" text)) AS "t5" ON "t3"."FileName" = "t5"."FileName"
-- $1 jsonb = external txt 'file:///srv/iocs/sha1.txt'
-- $2 jsonb = external json 'https://example.com/v.json'
-- $3 text = ''
