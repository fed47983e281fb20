SELECT "_time", "agent_hostname", "auth_identity", "action_evtlog_level" FROM "public"."xdr_data" WHERE "event_type" = $1::text AND lower("auth_outcome") = $2::text
-- $1 text = 'LOGIN_EVENT'
-- $2 text = 'failure'
