dataset = xdr_data
| fields agent_id, agent_hostname
| join conflict_strategy = both (dataset = xdr_data | filter event_type = ENUM.NETWORK | fields agent_hostname, action_remote_ip, agent_id) as net net.agent_id = agent_id
