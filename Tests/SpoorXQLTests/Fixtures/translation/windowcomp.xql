dataset = xdr_data
| fields agent_id, _time, action_process_image_name
| windowcomp row_number() by agent_id sort desc _time as newest
| windowcomp lag(action_process_image_name) by agent_id sort asc _time as previous_image
| filter newest = 1
| fields agent_id, previous_image
