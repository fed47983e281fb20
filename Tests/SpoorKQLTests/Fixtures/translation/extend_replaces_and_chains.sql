SELECT lower("FileName") AS "FileName", "FileSize" * $1::bigint AS "Size2", "FileSize" * $2::bigint * $3::bigint AS "Size4" FROM "public"."DeviceProcessEvents"
-- $1 bigint = 2
-- $2 bigint = 2
-- $3 bigint = 2
