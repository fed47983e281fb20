dataset = alerts
| filter severity = "high" and host_name = "WS1"
| fields alert_id, name, mitre_technique_id_and_name, starred
