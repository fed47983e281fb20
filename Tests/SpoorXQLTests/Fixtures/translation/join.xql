preset = xdr_process
| fields agent_id, action_process_image_name, _time
| join type = left (preset = xdr_file | fields agent_id, action_file_path, _time) as files files.agent_id = agent_id and files._time >= _time
| filter action_file_path contains "\Temp\"
