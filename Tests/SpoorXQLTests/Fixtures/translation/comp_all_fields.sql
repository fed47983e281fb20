SELECT "agent_id", max("_time") AS "_time", max("event_id") AS "event_id", count("_time") AS "count__time", count("event_id") AS "count_event_id" FROM "public"."xdr_data" GROUP BY "agent_id"
