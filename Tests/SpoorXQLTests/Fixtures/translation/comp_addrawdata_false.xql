dataset = xdr_data
| comp count() as events by agent_id addrawdata = false as raw_events
