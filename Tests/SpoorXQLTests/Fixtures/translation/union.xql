preset = xdr_process
| fields _time, agent_hostname, action_process_image_name
| union (preset = xdr_file | fields _time, agent_hostname, action_file_path)
