config timeframe = 1h
| dataset in (panw_ngfw_traffic_raw, panw_ngfw_threat_raw)
| filter source_ip = "10.0.0.5"
| fields _time, threat_name
