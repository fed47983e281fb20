dataset = xdr_data
| fields agent_id, event_id
| dedup agent_id by asc _time
| sort desc _time
