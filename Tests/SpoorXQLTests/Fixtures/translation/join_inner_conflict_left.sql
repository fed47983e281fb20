SELECT "t1"."agent_id", "t1"."agent_hostname", "t2"."action_remote_ip" FROM (SELECT "agent_id", "agent_hostname", "_time" FROM "public"."xdr_data") AS "t1" JOIN (SELECT "agent_id", "agent_hostname", "action_remote_ip" FROM "public"."xdr_data" WHERE "event_type" = $1::text) AS "t2" ON lower("t2"."agent_id") = lower("t1"."agent_id")
-- $1 text = 'NETWORK'
