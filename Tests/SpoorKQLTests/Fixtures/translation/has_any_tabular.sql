SELECT "RemoteUrl" FROM "public"."DeviceNetworkEvents" WHERE "RemoteUrl" ~* ANY (SELECT CASE WHEN "t2"."Domain" ~ '^[[:alnum:]]' THEN '(^|[^[:alnum:]])' ELSE '' END || regexp_replace("t2"."Domain", '([^[:alnum:]])', '\\\1', 'g') || CASE WHEN "t2"."Domain" ~ '[[:alnum:]]$' THEN '([^[:alnum:]]|$)' ELSE '' END FROM (SELECT "Domain" FROM (VALUES ($1::text), ($2::text)) AS "t1"("Domain")) AS "t2") OR "InitiatingProcessCommandLine" ~* ALL (SELECT CASE WHEN "t4"."Domain" ~ '^[[:alnum:]]' THEN '(^|[^[:alnum:]])' ELSE '' END || regexp_replace("t4"."Domain", '([^[:alnum:]])', '\\\1', 'g') || CASE WHEN "t4"."Domain" ~ '[[:alnum:]]$' THEN '([^[:alnum:]]|$)' ELSE '' END FROM (SELECT "Domain" FROM (VALUES ($3::text), ($4::text)) AS "t3"("Domain") LIMIT $5::bigint) AS "t4")
-- $1 text = 'evil.com'
-- $2 text = 'bad.example'
-- $3 text = 'evil.com'
-- $4 text = 'bad.example'
-- $5 bigint = 1
