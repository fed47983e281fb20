-- note[KQL-N001]: render changes no row: the CLI prints the rows, the console of `spoor serve` draws the chart
SELECT "FileName", count(*) AS "Starts" FROM "public"."DeviceProcessEvents" GROUP BY "FileName" ORDER BY count(*) DESC NULLS LAST LIMIT $1::bigint
-- $1 bigint = 5
