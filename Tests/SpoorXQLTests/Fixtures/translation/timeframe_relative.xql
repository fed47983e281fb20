config timeframe = 7d | config case_sensitive = false | dataset = xdr_data | filter agent_hostname = "ws01"
| fields _time, agent_hostname
