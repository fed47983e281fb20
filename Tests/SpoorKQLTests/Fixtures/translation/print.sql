SELECT $4::bigint AS "x", concat($5::text, $6::text) AS "y" FROM generate_series($1::bigint, $2::bigint, $3::bigint) AS "t1"("print_row")
-- $1 bigint = 1
-- $2 bigint = 1
-- $3 bigint = 1
-- $4 bigint = 1
-- $5 text = 'a'
-- $6 text = 'b'
