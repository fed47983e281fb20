SELECT "t2"."Id", "t2"."Name" FROM (SELECT "Id", "Name" FROM (VALUES ($1::text, $2::text)) AS "t1"("Id", "Name")) AS "t2" JOIN (SELECT "Id", "Name" FROM (VALUES ($3::text, $4::text)) AS "t3"("Id", "Name")) AS "t4" ON "t2"."Id" = "t4"."Id"
-- $1 text = 'a'
-- $2 text = 'x'
-- $3 text = 'a'
-- $4 text = 'y'
