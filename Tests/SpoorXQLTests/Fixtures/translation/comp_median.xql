dataset = xdr_data
| fields agent_id, action_file_size
| comp median(action_file_size) as middle, median(action_file_size) by agent_id
