config case_sensitive = true
| dataset = xdr_data
| filter action_process_image_name = "Calc.EXE" and actor_process_command_line contains "-Enc"
    and agent_hostname != "WS01" and action_process_image_name in ("a.exe", "B.exe", "*\x.EXE")
    and action_process_image_path = "C:\Windows\*"
| fields _time, agent_hostname
