SELECT "_time", "agent_hostname" FROM "public"."xdr_data" WHERE "event_type" = $1::text AND "event_sub_type" = $2::text AND lower("action_network_protocol") = $3::text AND "action_network_success" = $4::boolean AND "agent_os_type" = ANY($5::text[]) AND "action_network_is_ipv6" = $6::boolean
-- $1 text = 'NETWORK'
-- $2 text = 'NETWORK_STREAM_CONNECT'
-- $3 text = 'tcp'
-- $4 boolean = true
-- $5 text[] = {'AGENT_OS_WINDOWS', 'AGENT_OS_LINUX'}
-- $6 boolean = false
