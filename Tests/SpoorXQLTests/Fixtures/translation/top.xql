dataset = xdr_data
| top 5 action_process_image_name by agent_hostname
