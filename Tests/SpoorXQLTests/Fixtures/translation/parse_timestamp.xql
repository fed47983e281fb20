dataset = xdr_data
| alter t = parse_timestamp("%d/%b/%Y:%H:%M:%S %z", action_process_image_command_line),
    local = parse_timestamp("%F %I:%M %p", agent_hostname, "Europe/Paris"),
    ms = parse_epoch("%Y-%m-%dT%H:%M:%E*S", agent_id, "+02:00", "MILLIS"),
    s = parse_epoch("%s", agent_id)
| fields t, local, ms, s
