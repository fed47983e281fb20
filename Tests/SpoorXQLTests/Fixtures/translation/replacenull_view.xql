dataset = xdr_data
| fields event_id, action_remote_ip as ip
| replacenull ip = "N/A"
| view highlight fields = ip values = "N/A"
