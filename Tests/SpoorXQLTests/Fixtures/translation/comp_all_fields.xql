dataset = xdr_data
| fields agent_id, _time, event_id
| comp max(*) as *, count(*) by agent_id
