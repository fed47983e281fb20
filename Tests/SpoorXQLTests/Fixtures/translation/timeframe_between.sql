SELECT "_time" FROM "public"."xdr_data" WHERE "_time" >= $1::timestamptz AND "_time" <= $2::timestamptz
-- $1 timestamptz = 1735682400000000us
-- $2 timestamptz = 1738326600000000us
