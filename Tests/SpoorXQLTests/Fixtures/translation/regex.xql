// ~= is case-sensitive unless the pattern starts with (?i); "..." is raw, so \\ is the regex escape for a backslash.
preset = xdr_process
| filter action_process_image_command_line ~= "\\Windows\\System32\\[a-zA-Z0-9]{8}\.tmp$"
    or action_process_image_command_line ~= "(?i)invoke-\w+"
| fields _time, agent_hostname
