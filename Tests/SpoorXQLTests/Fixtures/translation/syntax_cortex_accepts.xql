// Syntax Cortex accepts: several options in one config stage, !~=, escaped quotes, comments, names in any case
config case_sensitive = true timeframe = 7d
| dataset = xdr_data
| filter Action_Process_Image_Command_Line !~= "^cmd" /* a
  block comment */ and action_process_image_path = "C:\Windows\"
    and action_process_image_command_line contains "\"x\""
| fields EVENT_ID as Id
