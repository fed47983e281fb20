// A `\"` inside a regular expression's class is a quote of the pattern, not the end of the string.
dataset = xdr_data
| filter action_process_image_command_line ~= "^[^\"]+ /c [^\"]+$"
| alter task = arrayindex(regextract(action_process_image_command_line, "/tn\s+\"?([^\"]+)\"?"), 0)
| fields event_id, task
