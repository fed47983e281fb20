dataset = xdr_data
| alter minute = extract_time(_time, "MINUTE")
| windowcomp sum(minute) by agent_id sort asc _time as running, count() by agent_id as n,
  avg(minute) by agent_id sort asc _time between -1 and 1 as moving,
  first_value(event_id) by agent_id sort asc _time between null and null as first_event,
  rank() by agent_os_type sort desc minute as r, lead(event_id) sort asc _time as next_event
| fields agent_id, event_id, running, n, moving, first_event, r, next_event
