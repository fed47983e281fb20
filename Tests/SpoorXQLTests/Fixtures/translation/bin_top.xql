dataset = xdr_data
| bin _time span = 1h
| top 5 action_process_image_name by agent_hostname
