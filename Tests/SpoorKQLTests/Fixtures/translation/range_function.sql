SELECT "FileName", $1::jsonb AS "Slots", CASE WHEN "ProcessCommandLine" ~* $2::text THEN $3::bigint WHEN "ProcessCommandLine" ~* $4::text THEN $5::bigint WHEN "ProcessCommandLine" ~* $6::text THEN $7::bigint ELSE $8::bigint END AS "Slot" FROM "public"."DeviceProcessEvents"
-- $1 jsonb = '[1,3,5]'
-- $2 text = '(^|[^[:alnum:]])1([^[:alnum:]]|$)'
-- $3 bigint = 0
-- $4 text = '(^|[^[:alnum:]])3([^[:alnum:]]|$)'
-- $5 bigint = 1
-- $6 text = '(^|[^[:alnum:]])5([^[:alnum:]]|$)'
-- $7 bigint = 2
-- $8 bigint = -1
