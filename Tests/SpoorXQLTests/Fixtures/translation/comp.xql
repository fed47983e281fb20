dataset = xdr_data
| comp count() as events, count_distinct(action_process_image_name), sum(action_file_size), avg(action_file_size) as avg_size,
    min(_time), max(_time) as last_seen, values(action_process_image_name) as names, earliest(actor_process_command_line),
    latest(actor_process_command_line) by agent_hostname, event_type
| sort desc events
