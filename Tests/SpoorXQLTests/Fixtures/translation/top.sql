SELECT "action_process_image_name", "agent_hostname", "top_count", "top_count" * $1::double precision / (SELECT "t2"."total" FROM (SELECT count(*) AS "total" FROM "public"."xdr_data") AS "t2" LIMIT 1) AS "top_percent" FROM (SELECT "action_process_image_name", "agent_hostname", count(*) AS "top_count" FROM "public"."xdr_data" GROUP BY "action_process_image_name", "agent_hostname") AS "t1" ORDER BY "top_count" DESC NULLS LAST LIMIT $2::bigint
-- $1 double precision = 100.0
-- $2 bigint = 5
