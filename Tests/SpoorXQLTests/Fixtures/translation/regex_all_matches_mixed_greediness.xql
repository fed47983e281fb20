dataset = xdr_data
| alter switches = regextract(action_process_image_command_line, "\s+/.*?\s+"),
  numbers = regextract(action_process_image_command_line, "\w+?x(\d+)"),
  masked = replex(action_process_image_command_line, "(\w+?)x(\d+)", "\2-\1")
| fields switches, numbers, masked
