SELECT $3::text AS "$table", "Name", "Color" FROM (VALUES ($1::text, $2::text)) AS "t1"("Name", "Color") WHERE ("Name" ~* $4::text OR "Color" ~* $5::text) AND "Color" ~* $6::text
-- $1 text = 'Lab PC'
-- $2 text = 'Green'
-- $3 text = 'T'
-- $4 text = '(^|[^[:alnum:]])lab'
-- $5 text = '(^|[^[:alnum:]])lab'
-- $6 text = '(^|[^[:alnum:]])green([^[:alnum:]]|$)'
