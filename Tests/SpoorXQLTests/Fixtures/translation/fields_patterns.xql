dataset = xdr_data
| fields agent_*, _time
| fields - agent_ip_addresses_v6, agent_interface_map
