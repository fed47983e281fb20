SELECT "FileName" FROM "public"."DeviceProcessEvents" WHERE "FileName" LIKE $1::text AND NOT "FileName" LIKE $2::text AND "FileName" LIKE $3::text AND "FileName" LIKE $4::text AND NOT "FileName" LIKE $5::text
-- $1 text = '%Cmd%'
-- $2 text = '%x%'
-- $3 text = 'C%'
-- $4 text = '%.EXE'
-- $5 text = '%.dll'
