// ENUM.X and bare constants compare the stored text exactly; a quoted string against an ENUM field ignores case.
dataset = xdr_data
| filter event_type = ENUM.NETWORK and event_sub_type = NETWORK_STREAM_CONNECT
    and action_network_protocol = "tcp" and action_network_success = "true"
    and agent_os_type in (ENUM.AGENT_OS_WINDOWS, ENUM.AGENT_OS_LINUX)
    and action_network_is_ipv6 = false
| fields _time, agent_hostname
