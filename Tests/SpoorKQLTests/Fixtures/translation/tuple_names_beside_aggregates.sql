SELECT "d", (array_agg("t") FILTER (WHERE "t" IS NOT NULL AND "__arg_row1" = $4::bigint))[1] AS "Last", (array_agg("f") FILTER (WHERE "f" IS NOT NULL AND "__arg_row1" = $5::bigint))[1] AS "File", count(*) AS "n", percentile_disc($6::double precision) WITHIN GROUP (ORDER BY "t") AS "Low", percentile_disc($7::double precision) WITHIN GROUP (ORDER BY "t") AS "High" FROM (SELECT "d", "t", "f", row_number() OVER (PARTITION BY "d" ORDER BY "t" DESC NULLS LAST) AS "__arg_row1" FROM (VALUES ($1::text, $2::bigint, $3::text)) AS "t1"("d", "t", "f")) AS "t2" GROUP BY "d"
-- $1 text = 'd1'
-- $2 bigint = 1
-- $3 text = 'a'
-- $4 bigint = 1
-- $5 bigint = 1
-- $6 double precision = 0.05
-- $7 double precision = 0.95
