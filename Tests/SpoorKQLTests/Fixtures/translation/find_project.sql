SELECT $3::text AS "Src", "a", $5::bigint AS "c" FROM (VALUES ($1::text, $2::bigint)) AS "t1"("a", "b") WHERE "a" ~* $4::text
-- $1 text = 'x y'
-- $2 bigint = 1
-- $3 text = 'T'
-- $4 text = '(^|[^[:alnum:]])x([^[:alnum:]]|$)'
-- $5 bigint = NULL
