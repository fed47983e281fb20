incidr.xql:2:51: error[SQL-U001]: 'incidr' cannot be translated to PostgreSQL exactly: only IPv4 ranges are translated (got 'fe80::/10')
2 | | filter (action_remote_ip incidr "10.0.0.0/8" or action_remote_ip incidr "fe80::/10"
  |                                                   ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
incidr.xql:5:9: error[SQL-U001]: 'incidr' cannot be translated to PostgreSQL exactly: only IPv4 ranges are translated (got '::1/128')
5 |     and action_remote_ip not incidr6 "::1/128"
  |         ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~