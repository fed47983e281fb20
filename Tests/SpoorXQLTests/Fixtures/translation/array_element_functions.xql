dataset = xdr_data
| alter parts = split(action_process_image_command_line, " ")
| alter upper_parts = arraymap(parts, concat(agent_id, ":", uppercase("@element"))),
  switches = arrayfilter(parts, "@element" ~= "^[-/]"),
  first_switch = arrayindexof(parts, "@element" ~= "^[-/]"),
  any_exe = array_any(parts, "@element" contains ".exe"),
  all_short = array_all(parts, len("@element") < 10)
| fields upper_parts, switches, first_switch, any_exe, all_short
