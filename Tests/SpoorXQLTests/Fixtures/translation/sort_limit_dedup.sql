SELECT "agent_hostname", "action_process_image_name", "_time" FROM (SELECT DISTINCT ON ("agent_hostname", "action_process_image_name") * FROM "public"."xdr_data" WHERE "event_type" = $1::text ORDER BY "agent_hostname", "action_process_image_name", "_time" DESC NULLS LAST) AS "t1" ORDER BY "agent_hostname" ASC NULLS FIRST, "_time" DESC NULLS LAST LIMIT $2::bigint
-- $1 text = 'PROCESS'
-- $2 bigint = 100
