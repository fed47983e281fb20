SELECT "_time", "agent_hostname" FROM "public"."xdr_data" WHERE "event_type" = $1::text AND "event_type" = $2::text AND "event_sub_type" = $3::text AND "action_registry_key_name" ILIKE $4::text
-- $1 text = 'REGISTRY'
-- $2 text = 'REGISTRY'
-- $3 text = 'REGISTRY_SET_VALUE'
-- $4 text = '%\\CurrentVersion\\Run%'
