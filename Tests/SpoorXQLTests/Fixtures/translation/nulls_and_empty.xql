dataset = xdr_data
| filter action_file_path = null and action_registry_data != null
    and actor_process_command_line = "" and agent_hostname not in (null, """""")
    and causality_actor_process_command_line = """C:\\Temp\t"x\""""
| fields _time, agent_hostname
