// dedup keeps the first row per key in the order of its "by" field.
dataset = xdr_data
| filter event_type = ENUM.PROCESS
| dedup agent_hostname, action_process_image_name by desc _time
| sort asc agent_hostname, desc _time
| limit 100
| fields agent_hostname, action_process_image_name, _time
