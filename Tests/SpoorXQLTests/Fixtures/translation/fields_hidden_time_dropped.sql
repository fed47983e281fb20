SELECT "agent_hostname", count(*) AS "events" FROM "public"."xdr_data" GROUP BY "agent_hostname"
