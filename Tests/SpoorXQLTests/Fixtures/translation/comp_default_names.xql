dataset = xdr_data | comp count(), count(agent_id), first(agent_hostname), last(agent_hostname)
