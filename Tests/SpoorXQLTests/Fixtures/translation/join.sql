SELECT "t2"."agent_id", "t1"."action_process_image_name", "t2"."_time", "t2"."action_file_path" FROM (SELECT "agent_id", "action_process_image_name", "_time" FROM "public"."xdr_data" WHERE "event_type" = $1::text) AS "t1" LEFT JOIN (SELECT "agent_id", "action_file_path", "_time" FROM "public"."xdr_data" WHERE "event_type" = $2::text) AS "t2" ON lower("t2"."agent_id") = lower("t1"."agent_id") AND "t2"."_time" >= "t1"."_time" WHERE "t2"."action_file_path" ILIKE $3::text
-- $1 text = 'PROCESS'
-- $2 text = 'FILE'
-- $3 text = '%\\Temp\\%'
