preset = network_story
| filter (action_remote_ip incidr "10.0.0.0/8" or action_remote_ip incidr "fe80::/10"
    or incidr(action_local_ip, "192.168.0.0/16, 172.16.0.0/12"))
    and action_remote_ip not incidr "127.0.0.0/8"
    and action_remote_ip not incidr6 "::1/128"
| fields _time, agent_hostname
