SELECT (extract(epoch FROM date_trunc('minute', "_time", 'UTC') - date_trunc('minute', date_trunc('day', "_time", 'UTC'), 'UTC')) / 60)::bigint % nullif($1::bigint, 0) AS "minute", (extract(epoch FROM date_trunc('second', "_time", 'UTC') - date_trunc('second', date_trunc('day', "_time", 'UTC'), 'UTC')) / 1)::bigint % nullif($2::bigint, 0) AS "second", (extract(epoch FROM date_trunc('milliseconds', "_time", 'UTC') - date_trunc('milliseconds', date_trunc('day', "_time", 'UTC'), 'UTC')) / 0.001)::bigint % nullif($3::bigint, 0) AS "millisecond", (extract(epoch FROM date_trunc('microseconds', "_time", 'UTC') - date_trunc('microseconds', date_trunc('day', "_time", 'UTC'), 'UTC')) / 0.000001)::bigint % nullif($4::bigint, 0) AS "microsecond", (extract(epoch FROM date_trunc('day', "_time", 'UTC') - date_trunc('day', date_trunc('day', "_time", 'UTC') - extract(dow FROM "_time" AT TIME ZONE 'UTC') * interval '24 hours', 'UTC')) / 86400)::bigint + $5::bigint AS "weekday", (extract(epoch FROM date_trunc('day', "_time", 'UTC') - date_trunc('day', date_trunc('year', "_time", 'UTC'), 'UTC')) / 86400)::bigint + $6::bigint AS "yearday", (extract(month FROM "_time" AT TIME ZONE 'UTC')::bigint + $7::bigint) / nullif($8::bigint, 0) AS "quarter" FROM "public"."xdr_data"
-- $1 bigint = 60
-- $2 bigint = 60
-- $3 bigint = 1000
-- $4 bigint = 1000000
-- $5 bigint = 1
-- $6 bigint = 1
-- $7 bigint = 2
-- $8 bigint = 3
