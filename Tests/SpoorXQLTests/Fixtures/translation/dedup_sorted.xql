// Without "by", dedup keeps the first row per key in the preceding sort order.
dataset = xdr_data | sort desc _time | dedup agent_id | fields agent_id, _time, agent_hostname
