dataset = microsoft_windows_raw
| filter event_id = "4625"
| comp count() as failures by host_name, TargetUserName
