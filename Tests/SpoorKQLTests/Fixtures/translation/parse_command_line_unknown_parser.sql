parse_command_line_unknown_parser.kql:2:61: error[BIND-006]: unknown parser type for parse_command_line; the only parser type is "windows"
2 | | extend Arguments = parse_command_line(ProcessCommandLine, "linux")
  |                                                             ^~~~~~~
