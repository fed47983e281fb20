SELECT "FileName", CASE WHEN "ProcessCommandLine" ~* $1::text THEN $2::bigint WHEN "ProcessCommandLine" ~* $3::text THEN $4::bigint WHEN "ProcessCommandLine" ~* $5::text THEN $6::bigint ELSE $7::bigint END AS "Tool" FROM "public"."DeviceProcessEvents"
-- $1 text = '(^|[^[:alnum:]])mimikatz([^[:alnum:]]|$)'
-- $2 bigint = 0
-- $3 text = '(^|[^[:alnum:]])procdump([^[:alnum:]]|$)'
-- $4 bigint = 1
-- $5 text = '(^|[^[:alnum:]])7([^[:alnum:]]|$)'
-- $6 bigint = 2
-- $7 bigint = -1
