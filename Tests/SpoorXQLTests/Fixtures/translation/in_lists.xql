preset = network_story
| filter actor_process_image_path in ("*\wscript.exe", "*\cscript.exe", "C:\a.exe", "C:\b.exe")
    and action_remote_port in (8080, 8888)
    and actor_process_image_path not in ("*\chrome.exe", "C:\Program Files\x.exe")
    and action_local_port not in (5900, 5999)
    and agent_hostname in ("one")
| fields _time, agent_hostname
