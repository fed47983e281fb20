SELECT $1::timestamptz - "Timestamp" AS "Age", (extract(epoch FROM "Timestamp" - "ProcessCreationTime") / extract(epoch FROM $5::interval))::double precision AS "Hours" FROM "public"."DeviceProcessEvents" WHERE "Timestamp" > $1::timestamptz - $2::interval AND "Timestamp" - "ProcessCreationTime" > $3::interval AND "Timestamp" < $1::timestamptz + $4::interval
-- $1 timestamptz = 1767225600000000us
-- $2 interval = 604800000000us
-- $3 interval = 300000000us
-- $4 interval = -3600000000us
-- $5 interval = 3600000000us
