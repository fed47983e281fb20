dataset = xdr_data
| fields agent_hostname, event_id
| fields - event_id
| comp count() as events by agent_hostname
