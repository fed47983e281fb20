SELECT count(*) AS "Count" FROM (SELECT DISTINCT "FileName", "FolderPath" FROM (SELECT "FileName", "FolderPath" FROM "public"."DeviceProcessEvents" ORDER BY "Timestamp" DESC NULLS LAST LIMIT least($1::bigint, $2::bigint)) AS "t1") AS "t2"
-- $1 bigint = 10
-- $2 bigint = 5
