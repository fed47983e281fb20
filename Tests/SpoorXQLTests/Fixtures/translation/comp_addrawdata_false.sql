SELECT "agent_id", count(*) AS "events" FROM "public"."xdr_data" GROUP BY "agent_id"
