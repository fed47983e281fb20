SELECT "t1"."AlertId", "t1"."Title", "t2"."AccountName" FROM (SELECT * FROM "public"."AlertInfo" WHERE "Severity" = $1::text) AS "t1" JOIN "public"."AlertEvidence" AS "t2" ON "t1"."AlertId" = "t2"."AlertId" WHERE "t2"."EntityType" = $2::text
-- $1 text = 'High'
-- $2 text = 'User'
