dataset = xdr_data
| alter found = regextract(action_process_image_command_line, "[a-z]+\.(exe|txt)"),
    path = replex(action_process_image_path, "\\(system32)\\", "/\1/"),
    lowest = floor(1.5), nearest = round(2.5), day = date_floor(_time, "d")
| fields found, path, lowest, nearest, day
