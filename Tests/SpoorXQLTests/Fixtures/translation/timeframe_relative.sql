SELECT "_time", "agent_hostname" FROM "public"."xdr_data" WHERE "_time" >= $1::timestamptz + $2::interval AND lower("agent_hostname") = $3::text
-- $1 timestamptz = 1767225600000000us
-- $2 interval = -604800000000us
-- $3 text = 'ws01'
