dataset = xdr_data
| fields _time, agent_hostname as host, actor_process_command_line, action_process_image_name, event_type
| alter lower_host = lowercase(host), upper_host = uppercase(host), both = concat(host, "/", action_process_image_name),
    cmd_len = len(actor_process_command_line), kind = if(event_type = ENUM.PROCESS, "proc", "other"),
    name = coalesce(action_process_image_name, "unknown"), len_text = to_string(cmd_len),
    len_number = to_integer(len_text), slashes = replace(actor_process_command_line, "\", "/"),
    first_word = arrayindex(split(actor_process_command_line, " "), 0)
| filter cmd_len > 10 and lower_host contains "ws"
