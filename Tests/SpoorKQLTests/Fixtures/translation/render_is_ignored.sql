-- note[KQL-N001]: render changes no row: the CLI prints the rows, the console of `spoor serve` draws the chart
SELECT CASE WHEN $1::interval > interval '0' THEN date_bin($1::interval, "Timestamp", TIMESTAMPTZ '0001-01-01 00:00:00+00') END AS "Timestamp", count(*) AS "count_" FROM "public"."DeviceProcessEvents" GROUP BY CASE WHEN $1::interval > interval '0' THEN date_bin($1::interval, "Timestamp", TIMESTAMPTZ '0001-01-01 00:00:00+00') END
-- $1 interval = 86400000000us
