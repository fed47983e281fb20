SELECT "agent_id", "previous_image" FROM (SELECT "agent_id", "_time", "action_process_image_name", row_number() OVER (PARTITION BY "agent_id" ORDER BY "_time" DESC NULLS LAST) AS "newest", lag("action_process_image_name", $1::integer) OVER (PARTITION BY "agent_id" ORDER BY "_time" ASC NULLS FIRST) AS "previous_image" FROM "public"."xdr_data") AS "t1" WHERE "newest" = $2::bigint
-- $1 bigint = 1
-- $2 bigint = 1
