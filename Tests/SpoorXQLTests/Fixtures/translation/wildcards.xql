// Leading, trailing and inner wildcards; raw backslashes; % and _ are literal characters.
preset = xdr_process
| filter action_process_image_path = "*\powershell.exe"
    or action_process_image_path = "C:\Windows\*"
    or action_process_image_command_line = "*-enc*bypass*"
    or action_file_path = "C:\Users\*\AppData\Local\Temp\"
    or action_process_image_command_line = "*100%_done\*"
    or action_process_image_path != "*\cmd.exe"
| fields _time, agent_hostname
