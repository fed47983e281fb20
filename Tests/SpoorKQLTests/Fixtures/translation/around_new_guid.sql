SELECT "FileName", gen_random_uuid()::text AS "RunId" FROM "public"."DeviceProcessEvents" WHERE "Timestamp" BETWEEN $1::timestamptz - $2::interval AND $3::timestamptz + $4::interval AND "ProcessId" BETWEEN $5::bigint - $6::bigint AND $7::bigint + $8::bigint
-- $1 timestamptz = 1767268800000000us
-- $2 interval = 300000000us
-- $3 timestamptz = 1767268800000000us
-- $4 interval = 300000000us
-- $5 bigint = 4000
-- $6 bigint = 10
-- $7 bigint = 4000
-- $8 bigint = 10
