dataset = xdr_data
| alter trimmed = trim(agent_hostname), left = ltrim(agent_hostname, "x-]"), right = rtrim(agent_hostname),
    s_count = string_count(actor_process_command_line, "s"), epoch = to_epoch(_time, "MILLIS"),
    seconds = to_timestamp(event_timestamp), total = add(action_total_upload, action_total_download),
    private = is_known_private_ipv4(action_remote_ip), matched = wildcard_match(agent_hostname, "WS*"),
    flag = to_boolean("TRUE"), hash = sha256(agent_id), decoded = convert_from_base_64(agent_id)
| fields trimmed, left, right, s_count, epoch, seconds, total, private, matched, flag, hash, decoded
