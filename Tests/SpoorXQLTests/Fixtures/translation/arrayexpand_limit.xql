dataset = xdr_data | fields agent_id, agent_ip_addresses | arrayexpand agent_ip_addresses limit 3
