dataset = panw_ngfw_traffic_raw
| filter action = "deny" and to_integer(dest_port) in (445, 3389)
| fields _time, source_ip, dest_port
