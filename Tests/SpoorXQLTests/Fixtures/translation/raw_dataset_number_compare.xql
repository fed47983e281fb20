dataset = panw_ngfw_traffic_raw
| filter dest_port >= 1024 and 65535 > dest_port and app != "ssl"
| fields source_ip, dest_port
