// Title: Notepad, Calculator, or Svchost Spawned by Python or run.py
// Description: Detects notepad.exe, calc.exe, or svchost.exe processes whose parent process is python.exe or run.py, which may indicate suspicious process spawning or process injection.
// MITRE ATT&CK TTP ID: T1059.006

config case_sensitive = false 
| dataset = xdr_data 
| filter event_type = ENUM.PROCESS 
    and event_sub_type = ENUM.PROCESS_START 
    and agent_os_type = ENUM.AGENT_OS_WINDOWS
    and (
        action_process_image_name = "notepad.exe"
        or action_process_image_name = "calc.exe"
        or action_process_image_name = "svchost.exe"
    )
    and (
        actor_process_image_name = "python.exe"
        or actor_process_image_name = "run.py"
    )
| fields _time, agent_hostname, actor_effective_username, action_process_image_name, action_process_image_path, action_process_image_command_line, actor_process_image_name, actor_process_image_path, actor_process_command_line, causality_actor_process_command_line, causality_actor_primary_username, causality_actor_process_image_sha256, event_id, agent_id, _product
| sort desc _time 
