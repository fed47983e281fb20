-- note[XQL-N015]: view graph changes no row: the CLI prints the rows, the console of `spoor serve` draws the chart
SELECT "agent_hostname", count(*) AS "events" FROM "public"."xdr_data" GROUP BY "agent_hostname"
